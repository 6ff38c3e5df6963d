// Non-variadic wrappers around libedit (el_set/history are C variadics,
// which Swift cannot call) and a pseudo-terminal spawner for the REPL tests.
#ifndef CEDITLINE_H
#define CEDITLINE_H

#include <stdio.h>
#include <sys/types.h>

typedef struct fls_editor fls_editor;

/// Completion callback: given the text before the cursor, returns a
/// malloc'd string of newline-separated candidates (NULL for none) and
/// sets *replace_len to how many characters before the cursor to replace.
typedef char *(*fls_complete_fn)(const char *before_cursor, int *replace_len, void *context);

fls_editor *fls_editor_new(const char *program, const char *history_path, int history_size,
                           fls_complete_fn complete, void *context);
void fls_editor_free(fls_editor *editor);
void fls_editor_set_prompt(fls_editor *editor, const char *prompt);
/// Reads one line (without its newline) into a malloc'd string. Returns NULL
/// at end of input (Ctrl-D on an empty line); sets *interrupted when Ctrl-C
/// cancelled the line.
char *fls_editor_read(fls_editor *editor, int *interrupted);
/// Adds a line to the history and appends it to the history file.
void fls_editor_remember(fls_editor *editor, const char *line);
/// Prints a list of completions below the line and redraws it.

/// Starts `argv[0]` on a new pseudo-terminal of the given size; returns
/// the child's pid and the master side in *master_fd, or -1.
pid_t fls_spawn_pty(char *const argv[], char *const envp[], int rows, int cols, int *master_fd);

#endif
