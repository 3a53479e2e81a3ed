import { describe, expect, it } from 'vitest';
import { planPreflight, suiteRequirements } from '../../../scripts/preflight';
import type { Presence, SystemProbe } from '../../../scripts/preflight';

/** A machine where the listed commands / packages / files are absent. */
function probe(options: { absent: string[]; root: boolean; apt: boolean }): SystemProbe {
  const name = (presence: Presence) => (presence.kind === 'file' ? presence.path : presence.name);
  return {
    isPresent: (presence) => !options.absent.includes(name(presence)),
    isRoot: () => options.root,
    hasApt: () => options.apt,
  };
}

const requirements = suiteRequirements({ CHROMIUM_PATH: '/usr/bin/chromium' });

describe('preflight: what is missing decides what it does', () => {
  it('lists every tool the suite uses, and LazyFS build packages as build.sh names them', () => {
    const packages = requirements.map((requirement) => requirement.debianPackage);
    expect(packages).toEqual(
      expect.arrayContaining(['chromium', 'socat', 'zbar-tools', 'librsvg2-bin', 'g++', 'cmake', 'make', 'libfuse3-dev', 'fuse3', 'libtoml11-dev', 'libspdlog-dev']),
    );
    // The UI bundles its font: the suite no longer needs the OS's CJK fonts.
    expect(packages).not.toContain('fonts-noto-cjk');
  });

  it('does nothing when everything is there', () => {
    expect(planPreflight(requirements, probe({ absent: [], root: false, apt: false }))).toEqual({ kind: 'ready' });
  });

  it('as root with apt: one update and one install of exactly the missing packages', () => {
    const plan = planPreflight(requirements, probe({ absent: ['socat', 'zbarimg', '/usr/bin/chromium', 'libspdlog-dev'], root: true, apt: true }));
    expect(plan).toEqual({
      kind: 'install',
      packages: ['chromium', 'socat', 'zbar-tools', 'libspdlog-dev'],
      commands: [
        ['apt-get', 'update', '-qq'],
        ['apt-get', 'install', '-y', '-qq', '--no-install-recommends', 'chromium', 'socat', 'zbar-tools', 'libspdlog-dev'],
      ],
    });
  });

  it('not root: stops and prints the one sudo command', () => {
    const plan = planPreflight(requirements, probe({ absent: ['rsvg-convert', 'cmake'], root: false, apt: true }));
    expect(plan.kind).toBe('stop');
    if (plan.kind !== 'stop') return;
    expect(plan.command).toBe('sudo apt-get update && sudo apt-get install -y --no-install-recommends librsvg2-bin cmake');
    expect(plan.missing.map((requirement) => requirement.neededBy)).toHaveLength(2);
  });

  it('no apt (another distribution): stops and names the Debian packages', () => {
    const plan = planPreflight(requirements, probe({ absent: ['socat'], root: true, apt: false }));
    expect(plan).toMatchObject({ kind: 'stop', packages: ['socat'] });
    if (plan.kind === 'stop') expect(plan.command).toContain('socat');
  });

  it('finds Chromium where CHROMIUM_PATH points', () => {
    const custom = suiteRequirements({ CHROMIUM_PATH: '/opt/chromium/chrome' });
    const plan = planPreflight(custom, probe({ absent: ['/opt/chromium/chrome'], root: true, apt: true }));
    expect(plan).toMatchObject({ kind: 'install', packages: ['chromium'] });
  });
});
