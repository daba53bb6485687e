/**
 * `target` with some members replaced; the rest are called on `target` itself, bound to it
 * because a driver adapter's methods may use private fields. Used to wrap Prisma's driver
 * adapters (their factory, connection and transactions) without copying their classes.
 */
export function override<T extends object>(target: T, members: Partial<Record<keyof T, unknown>>): T {
  return new Proxy(target, {
    get(t, key) {
      if (key in members) return members[key as keyof T];
      const value = Reflect.get(t, key, t);
      return typeof value === 'function' ? value.bind(t) : value;
    },
  });
}
