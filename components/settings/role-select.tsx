'use client';

/** The two roles as a native select (keyboard and screen-reader friendly as is). */
export function RoleSelect(props: React.ComponentProps<'select'>) {
  return (
    <select {...props} className="border-input dark:bg-input/30 h-9 rounded-md border bg-transparent px-3 text-sm shadow-xs disabled:opacity-60">
      <option value="viewer">Viewer — reads everything</option>
      <option value="admin">Admin — also changes data and the team</option>
    </select>
  );
}
