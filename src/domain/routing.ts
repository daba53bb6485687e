/** Which group handles a category, and which of its members becomes owner. */
export interface RoutingGroup {
  id: string;
  categories: readonly string[];
}

/** The first group listing the category wins, so config order settles overlaps. */
export function routeCategory(groups: readonly RoutingGroup[], category: string): string | undefined {
  return groups.find((g) => g.categories.includes(category))?.id;
}

export interface OwnerChoice {
  /** Group members in their configured order; the rotation follows this order. */
  members: readonly string[];
  away: readonly string[];
  /** Open complaints per member; a member missing here has none. */
  openCounts: Readonly<Record<string, number>>;
  /** Owner picked last time in this group, so equal loads take turns. */
  lastOwnerId?: string;
  /** Never chosen (the filer: nobody handles their own complaint); undefined if nobody else is free. */
  passOver?: string;
}

/**
 * The available member with the fewest open complaints. Ties go round-robin:
 * the first tied member after `lastOwnerId` in `members` order, wrapping; with
 * no usable `lastOwnerId`, the first tied member. Undefined when all are away (or passed over).
 */
export function chooseOwner({ members, away, openCounts, lastOwnerId, passOver }: OwnerChoice): string | undefined {
  const awaySet = new Set(passOver === undefined ? away : [...away, passOver]);
  const seen = new Set<string>();
  const available: { id: string; index: number }[] = [];
  members.forEach((id, index) => {
    if (!awaySet.has(id) && !seen.has(id)) available.push({ id, index });
    seen.add(id);
  });
  if (available.length === 0) return undefined;

  const load = (id: string) => openCounts[id] ?? 0;
  const fewest = Math.min(...available.map((m) => load(m.id)));
  const tied = available.filter((m) => load(m.id) === fewest);

  const lastIndex = lastOwnerId === undefined ? -1 : members.indexOf(lastOwnerId);
  const next = lastIndex < 0 ? undefined : tied.find((m) => m.index > lastIndex);
  return (next ?? tied[0])?.id;
}
