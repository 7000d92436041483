/** The local site's administrator: who an HTTP request without credentials acts as. */
export const LOCAL_ADMIN_ACCOUNT_ID = 'local-admin';

/** The app's bot account: the `authorId` of everything the app principal writes. */
export const LOCAL_APP_ACCOUNT_ID = 'app-spec-bridge';
