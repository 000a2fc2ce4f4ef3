/** A short browser name + major version from a User-Agent ("Edge 120", "Chrome 150", "Firefox 128"…). */
export function browserName(userAgent: string | null): string {
  if (!userAgent) return '—';
  const patterns: [string, RegExp][] = [
    ['Edge', /Edg(?:e|A|iOS)?\/(\d+)/],
    ['Opera', /OPR\/(\d+)/],
    ['WeChat', /MicroMessenger\/(\d+)/],
    ['QQ Browser', /QQBrowser\/(\d+)/],
    ['360', /QIHU 360\w*/],
    ['Firefox', /Firefox\/(\d+)/],
    ['Chrome', /(?:Chrome|CriOS|HeadlessChrome)\/(\d+)/],
    ['Safari', /Version\/(\d+).*Safari\//],
  ];
  for (const [name, pattern] of patterns) {
    const match = pattern.exec(userAgent);
    if (match) return match[1] ? `${name} ${match[1]}` : name;
  }
  return userAgent.length > 40 ? `${userAgent.slice(0, 40)}…` : userAgent;
}
