/** Bumped on any incompatible change of lib/protocol; clients send it in the handshake. */
export const PROTOCOL_VERSION = 1;
