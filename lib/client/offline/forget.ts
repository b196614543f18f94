import { announceForget, incidentKeeper } from './keeper';
import { deleteCopies } from './sw-routes';

/**
 * Forgets what this device kept for offline use (SPEC SYNC12): the pages and account reads the
 * service worker kept, and the incidents' copies. On every sign-in and sign-out, and when a read
 * finds the session ended: a shared laptop shows the next person nothing of the last one's,
 * online or not. Where there is a worker it deletes its copies itself, in order with what it
 * writes (a read of the account under way is then not written after this, and a copy asked for
 * after this is not deleted by it); without one, the page does. (The outbox is not touched: its
 * entries are the person's unsent changes, kept under their account: SYNC11.)
 */
export async function forgetOfflineCopies(): Promise<void> {
  announceForget();
  await Promise.all([incidentKeeper.forget(), forgetPages().catch(() => undefined)]);
}

async function forgetPages(): Promise<void> {
  const workers = typeof navigator === 'undefined' ? undefined : navigator.serviceWorker;
  // At once to the worker in charge of this page: a keep the page asks for after this is then
  // handled after it, not deleted by it.
  if (workers?.controller) return workers.controller.postMessage({ forget: true });
  const registration = await workers?.getRegistration();
  const worker = registration?.active ?? registration?.waiting ?? registration?.installing;
  if (worker) return worker.postMessage({ forget: true });
  if (typeof caches !== 'undefined') await deleteCopies(caches);
}
