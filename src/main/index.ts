// Placeholder: the Electron lifecycle lands with the shell (issue 2, part 4).
export {};
