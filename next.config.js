// @ts-check
const createNextIntlPlugin = require('next-intl/plugin');

const withNextIntl = createNextIntlPlugin('./lib/i18n/request.ts');

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // The event server (server/) is bundled separately and serves Next itself.
  serverExternalPackages: ['better-sqlite3', 'redis'],
};

module.exports = withNextIntl(nextConfig);
