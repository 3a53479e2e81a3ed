/**
 * `npm test`'s first step: finds the system tools the suite needs and, when it can, installs
 * the missing ones, so `npm ci && npm test` is all a fresh Debian machine needs (issue 17).
 *
 *   npm run preflight                 check; as root with apt, install what is missing
 *   npm run preflight -- --dry-run    print what it would install, change nothing
 *
 * As root with apt-get it runs one `apt-get update` and one `apt-get install` for everything
 * missing; otherwise it stops at once and prints the one command to run.
 * The decision (`planPreflight`) is separate from the machine (`SystemProbe`) so a unit test
 * can drive it with an injected probe.
 *
 * When everything is there it starts the LazyFS build (minutes, needed by the power-loss tests)
 * in the background, so it runs beside the typecheck and lint instead of inside the unit run;
 * those tests wait for it (test/helpers/lazyfs-build.ts, one build at a time). Its output goes
 * to node_modules/.cache/lazyfs.build.log.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LAZYFS_BUILD_DIR, lazyFsBuilt } from '../test/helpers/lazyfs-build';

/** How to tell a requirement is met: an executable file, a command on PATH, or an installed Debian package. */
export type Presence =
  | { kind: 'file'; path: string }
  | { kind: 'command'; name: string }
  | { kind: 'package'; name: string };

export interface Requirement {
  /** The Debian package that provides it. */
  debianPackage: string;
  /** What needs it, for the message. */
  neededBy: string;
  presence: Presence;
}

/** LazyFS's build packages, as ../shared/tools/lazyfs/build.sh lists them (the power-loss tests build it). */
const LAZYFS_BUILD_PACKAGES = ['g++', 'cmake', 'make', 'libfuse3-dev', 'fuse3', 'libtoml11-dev', 'libspdlog-dev'];

/**
 * Everything the suite needs from the system. CJK fonts are not on the list: the UI bundles its
 * font (resources/fonts, @fontsource/biz-udpgothic), so screenshots do not depend on the OS.
 */
export function suiteRequirements(env: NodeJS.ProcessEnv = process.env): Requirement[] {
  return [
    { debianPackage: 'chromium', neededBy: 'the e2e suite (Playwright drives Debian\'s Chromium)', presence: { kind: 'file', path: env.CHROMIUM_PATH ?? '/usr/bin/chromium' } },
    { debianPackage: 'socat', neededBy: 'the serial pseudo-terminal tests', presence: { kind: 'command', name: 'socat' } },
    { debianPackage: 'zbar-tools', neededBy: 'the barcode round trip (zbarimg decodes what the kiosk renders)', presence: { kind: 'command', name: 'zbarimg' } },
    { debianPackage: 'librsvg2-bin', neededBy: 'the barcode round trip and the icon script (rsvg-convert)', presence: { kind: 'command', name: 'rsvg-convert' } },
    ...LAZYFS_BUILD_PACKAGES.map((name): Requirement => ({ debianPackage: name, neededBy: 'the power-loss tests (LazyFS build)', presence: { kind: 'package', name } })),
  ];
}

/** What the preflight can learn about the machine. */
export interface SystemProbe {
  isPresent(presence: Presence): boolean;
  isRoot(): boolean;
  hasApt(): boolean;
}

export type PreflightPlan =
  | { kind: 'ready' }
  /** Root with apt: run these commands (one update, one install). */
  | { kind: 'install'; packages: string[]; commands: string[][] }
  /** Cannot install: print `command` and stop. */
  | { kind: 'stop'; packages: string[]; command: string; missing: Requirement[] };

export function planPreflight(requirements: readonly Requirement[], probe: SystemProbe): PreflightPlan {
  const missing = requirements.filter((requirement) => !probe.isPresent(requirement.presence));
  if (missing.length === 0) return { kind: 'ready' };
  const packages = [...new Set(missing.map((requirement) => requirement.debianPackage))];
  if (probe.isRoot() && probe.hasApt()) {
    return {
      kind: 'install',
      packages,
      commands: [
        ['apt-get', 'update', '-qq'],
        ['apt-get', 'install', '-y', '-qq', '--no-install-recommends', ...packages],
      ],
    };
  }
  const command = probe.hasApt()
    ? `sudo apt-get update && sudo apt-get install -y --no-install-recommends ${packages.join(' ')}`
    : `install these Debian packages (or your system's equivalents): ${packages.join(' ')}`;
  return { kind: 'stop', packages, command, missing };
}

function onPath(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v "$1" >/dev/null 2>&1`, 'sh', name]).status === 0;
}

/** The real machine: files, PATH, dpkg. */
export const systemProbe: SystemProbe = {
  isPresent(presence) {
    switch (presence.kind) {
      case 'file':
        try {
          accessSync(presence.path, constants.X_OK);
          return true;
        } catch {
          return false;
        }
      case 'command':
        return onPath(presence.name);
      case 'package':
        try {
          return execFileSync('dpkg-query', ['-W', '-f=${Status}', presence.name], { stdio: ['ignore', 'pipe', 'ignore'] })
            .toString()
            .includes('install ok installed');
        } catch {
          return false;
        }
    }
  },
  isRoot: () => process.getuid?.() === 0,
  hasApt: () => onPath('apt-get'),
};

/** Whether the preflight starts the LazyFS build: the power-loss tests can run here (root, /dev/fuse) and it is not built yet. */
export function shouldStartLazyFsBuild(machine: { root: boolean; fuseDevice: boolean; built: boolean }): boolean {
  return machine.root && machine.fuseDevice && !machine.built;
}

const LAZYFS_BUILD_LOG = `${LAZYFS_BUILD_DIR}.build.log`;

/** Starts test/helpers/lazyfs-build.ts detached (it outlives the preflight; the tests wait on its lock). */
function startLazyFsBuild(): void {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  mkdirSync(dirname(LAZYFS_BUILD_LOG), { recursive: true });
  const out = openSync(LAZYFS_BUILD_LOG, 'w');
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'test', 'helpers', 'lazyfs-build.ts')], { cwd: root, detached: true, stdio: ['ignore', out, out] });
  child.unref();
  console.log(`preflight: building LazyFS in the background for the power-loss tests (pid ${child.pid}, log ${LAZYFS_BUILD_LOG})`);
}

function lazyFsMachine(): { root: boolean; fuseDevice: boolean; built: boolean } {
  return { root: systemProbe.isRoot(), fuseDevice: existsSync('/dev/fuse'), built: lazyFsBuilt() };
}

function main(argv: string[]): number {
  const code = checkTools(argv);
  if (code === 0 && shouldStartLazyFsBuild(lazyFsMachine())) {
    if (argv.includes('--dry-run')) console.log('preflight (dry run): would start the LazyFS build in the background');
    else startLazyFsBuild();
  }
  return code;
}

function checkTools(argv: string[]): number {
  const dryRun = argv.includes('--dry-run');
  const requirements = suiteRequirements();
  const plan = planPreflight(requirements, systemProbe);
  if (plan.kind === 'ready') {
    if (dryRun) console.log('preflight: every system tool the suite needs is installed; nothing to do.');
    return 0;
  }
  if (plan.kind === 'stop') {
    console.error('preflight: the test suite needs system packages that are missing:');
    for (const requirement of plan.missing) console.error(`  ${requirement.debianPackage.padEnd(14)} ${requirement.neededBy}`);
    console.error(`Run this once, then npm test again:\n  ${plan.command}`);
    return dryRun ? 0 : 1;
  }
  const shown = plan.commands.map((command) => command.join(' '));
  if (dryRun) {
    console.log(`preflight (dry run): would install ${plan.packages.join(' ')} with:`);
    for (const line of shown) console.log(`  ${line}`);
    return 0;
  }
  console.log(`preflight: installing ${plan.packages.join(' ')} (needed by the test suite)`);
  for (const command of plan.commands) {
    const [program = 'apt-get', ...args] = command;
    const result = spawnSync(program, args, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    if (result.status !== 0) {
      console.error(`preflight: "${command.join(' ')}" failed (exit ${result.status}); fix apt and run npm test again.`);
      return 1;
    }
  }
  const stillMissing = planPreflight(requirements, systemProbe);
  if (stillMissing.kind !== 'ready') {
    console.error(`preflight: still missing after the install: ${'packages' in stillMissing ? stillMissing.packages.join(' ') : ''}`);
    return 1;
  }
  return 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) process.exit(main(process.argv.slice(2)));
