// A folder or file setting must be a full path: a relative one would depend on where
// Patchbay happened to start. Whether the folder exists is the connection test's
// business: it may be a network drive not mounted now.

/** `/home/office`, `C:\Exports`, `\\server\share`: a path that means the same wherever Patchbay runs. */
export const isFullPath = (path: string) => /^(\/|[A-Za-z]:[\\/]|\\\\[^\\]+\\)/.test(path);
