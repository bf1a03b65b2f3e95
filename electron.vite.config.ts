/**
 * Builds the Electron app into out/: main (the shell plus the console core; node_modules stay
 * external), preload (sandboxed, so one self-contained CommonJS file: a sandboxed preload can
 * neither be an ES module nor require() from node_modules), and the React renderer. Output
 * folders are electron-vite's defaults, so `electron-vite build --outDir DIR` can build
 * elsewhere (the tests do).
 */
import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';

const root = import.meta.dirname;

export default defineConfig({
  main: {
    build: {
      rolldownOptions: { input: { index: resolve(root, 'src/main/electron/index.ts') } },
    },
  },
  preload: {
    build: {
      externalizeDeps: false,
      isolatedEntries: true,
      rolldownOptions: {
        input: { index: resolve(root, 'src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'src/renderer'),
    plugins: [react()],
    build: {
      rolldownOptions: { input: { index: resolve(root, 'src/renderer/index.html') } },
    },
  },
});
