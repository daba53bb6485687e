/**
 * The smallest `groups:` block pledge.config.yml accepts: one group, billing, led by U0LEADER1
 * with one member. Config tests put the section they test beside it.
 */
export const oneGroupYaml = (categories = '[billing]') => `
groups:
  - id: billing
    name: Billing
    leader: U0LEADER1
    members: [U0AAA]
    channel: C0BILLING
    categories: ${categories}
`;
