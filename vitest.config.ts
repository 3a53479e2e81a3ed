import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';
import vue from '@vitejs/plugin-vue';

export default defineConfig({
  plugins: [vue()],
  resolve: {
    alias: {
      '@shared': resolve(__dirname, 'src/shared'),
      '@renderer': resolve(__dirname, 'src/renderer/src'),
    },
  },
  test: {
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'],
    testTimeout: 30_000,
    // Hooks mount LazyFS or tmpfs and start kiosks: give them room on a loaded 2-core machine.
    hookTimeout: 120_000,
    // better-sqlite3 and child processes are heavy; two cores.
    pool: 'forks',
    maxWorkers: 2,
  },
});
