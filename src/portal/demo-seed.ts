import type { PortalService, SeedMember } from './service';

/** The demo kiosk's credentials (demo mode only; documented in the README). */
export const DEMO_DEVICE_ID = 'demo-kiosk-01';
export const DEMO_DEVICE_SECRET = 'demo-kiosk-01-secret';

/**
 * Demo members. Member numbers are 10 digits; card barcodes are Codabar data
 * (A + number + mod-10 check + B). Birthdates are what the student types at the kiosk.
 */
export const DEMO_MEMBERS: readonly SeedMember[] = [
  {
    memberNo: '2024000001', name: '山田 太郎', nameKana: 'ヤマダ タロウ', birthDate: '2005-04-12', email: 'taro.yamada@example.ac.jp',
    phone: '+819012345678', university: '生協大学', faculty: '工学部', studentNo: 'E24-0001', balance: 5_000,
  },
  {
    memberNo: '2024000002', name: '佐藤 花子', nameKana: 'サトウ ハナコ', birthDate: '2006-01-23', email: 'hanako.sato@docomo.ne.jp',
    phone: '+818012345678', university: '生協大学', faculty: '文学部', studentNo: 'L24-0002', balance: 12_000,
  },
  {
    memberNo: '2024000003', name: '鈴木 健', nameKana: 'スズキ ケン', birthDate: '2004-11-05', email: 'ken.suzuki@icloud.com',
    university: '生協大学', faculty: '理学部', studentNo: 'S23-0003', portalRegistered: true, balance: 800,
  },
  {
    memberNo: '2024000004', name: '田中 美咲', nameKana: 'タナカ ミサキ', birthDate: '2005-07-30', email: 'misaki.tanaka@example.ac.jp',
    university: '生協大学', faculty: '経済学部', studentNo: 'C24-0004', portalRegistered: true, balance: 95_000,
  },
  {
    memberNo: '2024000005', name: '高橋 翔', nameKana: 'タカハシ ショウ', birthDate: '2003-02-14', email: null,
    university: '生協大学', faculty: '法学部', studentNo: 'J22-0005', status: 'suspended', balance: 0,
  },
];

/** Seeds the demo device and members once (a restarted demo portal keeps its state). */
export async function seedDemo(service: PortalService): Promise<void> {
  const hasDevice = service.db.prepare('SELECT 1 FROM devices WHERE device_id = ?').get(DEMO_DEVICE_ID);
  if (!hasDevice) await service.upsertDevice(DEMO_DEVICE_ID, DEMO_DEVICE_SECRET, 'Demo kiosk 01');
  const hasMembers = service.db.prepare('SELECT 1 FROM members LIMIT 1').get();
  if (!hasMembers) service.upsertMembers(DEMO_MEMBERS);
}
