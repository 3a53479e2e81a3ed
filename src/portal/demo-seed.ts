import type { PortalService, SeedMember } from './service';

/** The demo kiosk's credentials (demo mode only; documented in the README). */
export const DEMO_DEVICE_ID = 'demo-kiosk-01';
export const DEMO_DEVICE_SECRET = 'demo-kiosk-01-secret';
/** The demo store, and a second kiosk in it (a request made there is decided at any kiosk of the store). */
export const DEMO_STORE_ID = 'demo-store-01';
export const DEMO_SECOND_DEVICE_ID = 'demo-kiosk-02';
export const DEMO_SECOND_DEVICE_SECRET = 'demo-kiosk-02-secret';

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
  service.devices.upsertStore(DEMO_STORE_ID, 'Demo store (生協ショップ)');
  const demoDevices = [
    { deviceId: DEMO_DEVICE_ID, secret: DEMO_DEVICE_SECRET, name: 'Demo kiosk 01' },
    { deviceId: DEMO_SECOND_DEVICE_ID, secret: DEMO_SECOND_DEVICE_SECRET, name: 'Demo kiosk 02' },
  ];
  for (const device of demoDevices) {
    const known = service.db.prepare('SELECT store_id FROM devices WHERE device_id = ?').get(device.deviceId) as { store_id: string | null } | undefined;
    if (!known) await service.upsertDevice(device.deviceId, device.secret, device.name, DEMO_STORE_ID);
    // A demo portal made before stores: its kiosk joins the demo store.
    else if (known.store_id === null) service.setDeviceStore(device.deviceId, DEMO_STORE_ID);
  }
  const hasMembers = service.db.prepare('SELECT 1 FROM members LIMIT 1').get();
  if (!hasMembers) service.upsertMembers(DEMO_MEMBERS);
}
