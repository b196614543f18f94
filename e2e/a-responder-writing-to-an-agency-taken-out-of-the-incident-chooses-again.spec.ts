import { connect, createUser, submit } from '../server/testing/client';
import { openBoard, serverState } from './support/board';
import { expect, shot, signedInContext, test } from './support/fixtures';
import { seedHazmatDrill } from './support/seed';

/**
 * SPEC MSG1: a responder has chosen Customs as the recipient of a message; meanwhile a commander
 * takes Customs out of the incident. The picker said "To everyone" (its first option, once Customs
 * was gone from the list) while the message would still have gone to Customs, and been refused: an
 * alert the person believed went to everyone did not go out. It now keeps Customs shown, marked as
 * no longer taking part, says so, and does not send until the person chooses again.
 */
test('a responder writing to an agency taken out of the incident is asked to choose again, and the message goes where they then choose', async ({ browser, app }) => {
  const seed = await seedHazmatDrill(app.url, ['port', 'fire', 'customs']);
  const tag = Math.random().toString(36).slice(2, 6);
  const commander = await createUser(app.url, seed.admin, `liu.commander.${tag}`, 'commander', 'port');
  const { context, page } = await signedInContext(browser, app.url, seed.names.fire, seed.password(seed.names.fire), 'en');
  await openBoard(page, seed.incidentId);
  const composer = page.getByTestId('message-composer');
  await composer.getByTestId('message-input').fill('Foam trucks at gate 3 in five minutes');
  await composer.getByTestId('message-to').selectOption('customs');

  // Meanwhile the commander takes Customs out of the incident.
  const s = await connect(app.url, commander.token);
  const before = await serverState(app.url, seed.admin, seed.incidentId);
  expect((await submit(s, seed.incidentId, { type: 'UpdateIncident', expectedVersion: before.version, agencies: ['port', 'fire'] })).ok).toBe(true);
  s.close();
  await expect(page.locator('[data-testid="agency-lane"][data-agency="customs"]')).toHaveCount(0);

  const to = composer.getByTestId('message-to');
  await expect(to).toHaveValue('customs');
  await expect(to.locator('option:checked')).toHaveText('Customs (taken out)');
  await expect(composer.getByTestId('message-to-gone')).toHaveText('Customs no longer takes part in this incident: choose whom to send this message to.');
  await expect(composer.getByTestId('message-send')).toBeDisabled();
  await shot(page, 'message-to-agency-taken-out-en');

  await to.selectOption('');
  await expect(composer.getByTestId('message-to-gone')).toHaveCount(0);
  await composer.getByTestId('message-send').click();
  await expect(page.getByTestId('message-item').filter({ hasText: 'Foam trucks at gate 3' })).toHaveCount(1);
  const messages = (await serverState(app.url, seed.admin, seed.incidentId)).messages;
  expect(messages.filter((m) => m.text === 'Foam trucks at gate 3 in five minutes').map((m) => m.toAgency)).toEqual([null]);
  await context.close();
});
