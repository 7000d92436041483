/** The emulated Forge KVS service of the local Forge platform. */
export { createKvsService } from './kvs-service';
