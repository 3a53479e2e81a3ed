// The environment the kiosk process is started with. glibc's allocator must be told before the
// process starts (it reads MALLOC_* once, at start-up), so the launcher sets it on the child.
//
// MALLOC_MMAP_THRESHOLD_: every allocation of 128 KiB or more gets its own mmap and goes back
// to the OS when freed. Without it glibc raises the threshold after the first large free and
// keeps each 16 MiB scrypt buffer (staff PIN hashing) in its arenas: the web host then sat at
// 190 MB RSS with a 23 MB V8 heap (issue 18). Setting the variable also turns off glibc's
// dynamic threshold, which is the point. Other allocators ignore it.

/** @type {Readonly<Record<string, string>>} */
export const KIOSK_PROCESS_ENV = Object.freeze({ MALLOC_MMAP_THRESHOLD_: '131072' });

/**
 * The child's environment: the caller's, with the kiosk's allocator settings unless the
 * operator chose other values.
 * @param {NodeJS.ProcessEnv} env
 * @returns {NodeJS.ProcessEnv}
 */
export function kioskProcessEnv(env) {
  return { ...KIOSK_PROCESS_ENV, ...env };
}
