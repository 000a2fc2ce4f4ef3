// The permission catalogue: every module declares its `module:action` permissions here at load
// time, with Chinese and English names, so the role matrix and `role:create --permissions *` know
// every permission the system has.
export interface PermissionDef {
  code: string;
  module: string;
  moduleName: { zh: string; en: string };
  name: { zh: string; en: string };
}

const catalogue = new Map<string, PermissionDef>();

export function definePermissions(
  module: string,
  moduleName: { zh: string; en: string },
  actions: Record<string, { zh: string; en: string }>,
): void {
  for (const [action, name] of Object.entries(actions)) {
    const code = `${module}:${action}`;
    catalogue.set(code, { code, module, moduleName, name });
  }
}

export function allPermissions(): PermissionDef[] {
  return [...catalogue.values()];
}

export function isKnownPermission(code: string): boolean {
  return catalogue.has(code);
}
