/** An agent's skills (skill → proficiency 1..10, SPEC §1) as the agent detail lists them: strongest first, then by name. */
export function skillsByLevel(skills: Readonly<Record<string, number>>): { skill: string; level: number }[] {
  return Object.entries(skills)
    .map(([skill, level]) => ({ skill, level }))
    .sort((a, b) => b.level - a.level || a.skill.localeCompare(b.skill));
}
