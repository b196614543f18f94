'use client';

// The same page as app/error.tsx, but below the signed-in layout, so the header (the connection
// state, the outbox's count, the account) stays on screen.
export { default } from '../error';
