/** The review forms' native selects: full width on a phone (so no page scrolls sideways), as wide as their options from sm up. */
export const selectClass =
  'w-full max-w-full sm:w-auto border-input bg-background h-9 rounded-md border px-2 text-sm focus-visible:ring-ring/50 focus-visible:ring-[3px] focus-visible:outline-none';
