import { z } from 'zod';
import { findProfile } from '../profiles';
import { integerParam, sourceIdParam } from '../params';

/**
 * `usb:hidpos[?vendorId=0x0c2e&productId=0x0b81&serialNumber=...&profile=...&maxLength=4096]`.
 * Without ids the driver takes the first device with a HID interface declaring usage page 0x8C.
 */
export const usbHidPosOptionsSchema = z
  .object({
    id: sourceIdParam.optional(),
    vendorId: integerParam(0, 0xffff).optional(),
    productId: integerParam(0, 0xffff).optional(),
    serialNumber: z.string().min(1).max(128).optional(),
    profile: z
      .string()
      .refine((id) => findProfile(id)?.mode === 'hidpos', { message: 'not a known HID POS profile id (see drivers/profiles)' })
      .optional(),
    maxLength: integerParam(64, 65_536).default(4096),
  })
  .strict()
  .transform((options) => {
    const profile = options.profile ? findProfile(options.profile) : undefined;
    return {
      ...options,
      vendorId: options.vendorId ?? profile?.vendorId,
      productId: options.productId ?? profile?.productId,
    };
  })
  .refine((options) => options.productId === undefined || options.vendorId !== undefined, { message: 'productId needs a vendorId' });

export type UsbHidPosOptions = z.output<typeof usbHidPosOptionsSchema>;
