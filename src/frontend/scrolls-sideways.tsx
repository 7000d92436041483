/**
 * A table in a narrow page column: its values never wrap inside themselves (reader-format keepTogether), so when
 * the columns do not fit, the table scrolls sideways inside the macro instead of spilling over the page.
 * UI Kit's Box allows `overflowX` in xcss; the browser lets keyboard users focus and scroll such a region.
 */
import { Box, xcss } from '@forge/react';
import React from 'react';

const scrollsSideways = xcss({ overflowX: 'auto' });

/** Wraps wide content so it scrolls sideways in a narrow column. */
export function ScrollsSideways({ children }: { children: React.ReactNode }): React.JSX.Element {
  return <Box xcss={scrollsSideways}>{children}</Box>;
}
