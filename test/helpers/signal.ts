/**
 * A promise settled from outside, for tests that hold one piece of work until another has reached
 * a point: `fire()` resolves `fired` (Node 22's `Promise.withResolvers`, which Node 20 lacks).
 */
export function signal(): { fired: Promise<void>; fire: () => void } {
  let fire!: () => void;
  const fired = new Promise<void>((resolve) => {
    fire = resolve;
  });
  return { fired, fire };
}
