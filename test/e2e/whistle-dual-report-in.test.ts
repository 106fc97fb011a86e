import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { apiAs } from './support/whistle-api.ts';
import { closePage, pageErrors } from './support/browser.ts';
import { useE2e } from './support/use-e2e.ts';

const { base, loginAs } = useE2e();

const post = (page: Page, p: string) => page.locator(`[data-testid="leader-posts"] li[data-post="${p}"]`);

async function reportInAs(page: Page, leaderPost: string, person: string) {
  const form = page.getByTestId('wf-report_in');
  await form.getByTestId('wf-report_in-post').selectOption(leaderPost);
  await form.getByTestId('wf-report_in-person').fill(person);
  await form.getByTestId('wf-report_in-submit').click();
}

describe('journey: 攻坚哨 双报到', () => {
  it('the district leaders report in one post at a time on the whistle page, which shows each and counts the summons reported only when both are in', async () => {
    const street = await apiAs(base, 'donghuamen');
    const units = async (kind: string) => ((await street(`/api/units?kind=${kind}&limit=50`)).body.items as { id: number; code: string }[]);
    const streetId = (await units('street')).find((u) => u.code === '110101001')!.id;
    const districtUnit = (await units('district')).find((u) => u.code === '110101')!;
    const blown = await street('/api/whistles', {
      type: 'hard_problem', trigger: 'key_task', title: '背街小巷违建攻坚', description: '多年违建，需区领导协调拆除', streetId, onSite: false,
      workOrderIds: [], summonedUnitIds: [districtUnit.id],
    });
    expect(blown.status, JSON.stringify(blown.body)).toBe(201);

    const district = await loginAs('district', `/console/whistles/${blown.body.id}`);
    try {
      await district.getByTestId('whistle-page').waitFor();
      await expect.poll(() => post(district, 'standing_committee').getAttribute('data-reported')).toBe('no');
      expect(await post(district, 'deputy_head').getAttribute('data-reported')).toBe('no');

      await reportInAs(district, 'standing_committee', '王常委');
      await expect.poll(() => post(district, 'standing_committee').getAttribute('data-reported')).toBe('yes');
      await expect.poll(() => post(district, 'standing_committee').textContent()).toContain('王常委');
      // One of two is not 双报到: the summons still awaits report-in, and only the other post is offered.
      expect(await district.locator(`[data-testid="report-in-chip"][data-unit="110101"]`).getAttribute('data-status')).toBe('pending');
      expect(await district.getByTestId('wf-report_in-post').locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value))).toEqual(['deputy_head']);

      await reportInAs(district, 'deputy_head', '赵副区长');
      await expect.poll(() => post(district, 'deputy_head').getAttribute('data-reported')).toBe('yes');
      await expect.poll(() => district.locator(`[data-testid="report-in-chip"][data-unit="110101"]`).getAttribute('data-status')).toBe('reported');
    } finally {
      await closePage(district);
    }
    expect(pageErrors).toEqual([]);
  });
});
