/** localhost, 127.0.0.0/8 and ::1: this machine, which nothing outside it can reach. Brackets around IPv6 are allowed. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  return bare === 'localhost' || bare.endsWith('.localhost') || /^127(?:\.\d{1,3}){3}$/.test(bare) || bare === '::1';
}
