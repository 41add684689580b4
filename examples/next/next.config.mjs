/** @type {import('next').NextConfig} */
export default {
  // Nothing Questboard-specific is needed: the packages are ES modules with `exports`.
  reactStrictMode: true,
};
