// Lint config: typescript-eslint's recommended rules over the TypeScript sources.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'bench-data/**', 'src/generated/**', 'src/catalog/generated/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // The /timeline page's script runs in a browser, beside the ECharts global.
    files: ['src/**/assets/*.js'],
    languageOptions: {
      sourceType: 'script',
      globals: Object.fromEntries(['window', 'document', 'location', 'history', 'fetch', 'URLSearchParams', 'URL', 'setTimeout', 'clearTimeout', 'console', 'echarts'].map((g) => [g, 'readonly'])),
    },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
);
