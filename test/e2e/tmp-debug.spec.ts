import { formatMemberCardCodabar } from '../../src/shared/barcode/formats';
import { test } from './support/fixtures';
import AxeBuilder from '@axe-core/playwright';
test.use({ kioskEnv: { KIOSK_SCANNERS: 'sim,wedge?maxInterKeyMs=49' } });
test('debug', async ({ page, kiosk }) => {
  await page.getByRole('button', { name: 'タッチしてはじめる' }).click();
  await page.getByRole('link', { name: /My Portal 新規登録/ }).click();
  await new AxeBuilder({ page }).analyze();
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.screenshot({ path: '/tmp/x.png', fullPage: true });
  await page.setViewportSize({ width: 1080, height: 1920 });
  console.log('active', await page.evaluate('document.activeElement && document.activeElement.outerHTML.slice(0,80)'));
  console.log('wedge', JSON.stringify(await page.evaluate('window.kiosk.getWedgeSettings({})')));
  await page.keyboard.type(formatMemberCardCodabar('2024000001'));
  await page.keyboard.press('Enter');
  await page.waitForTimeout(1000);
  console.log(await page.locator('main').innerText());
  console.log(kiosk.kioskLog?.());
});
