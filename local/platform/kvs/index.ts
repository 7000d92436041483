/** The emulated Forge KVS service of the local Forge platform. */
export { createKvsService, type KvsOperation, type KvsServiceOptions } from './kvs-service';
export { KVS_LIMITS } from './kvs-limits';
export { KvsStore, type KvsEntry, type KvsNamespace } from './kvs-store';
