// libedit wrappers for the REPL. History is kept in our own plain-text file
// (one entry per line, newlines escaped) appended under an exclusive flock,
// so two REPLs at once never interleave or truncate each other's entries.

#define _GNU_SOURCE
#include "CEditLine.h"

#include <errno.h>
#include <fcntl.h>
#include <histedit.h>
#include <pty.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

struct fls_editor {
    EditLine *el;
    History *hist;
    HistEvent ev;
    char *prompt;
    char *history_path;
    int history_size;
    fls_complete_fn complete;
    void *context;
    int interrupted;
    char *pending_list;
};

static char *prompt_fn(EditLine *el) {
    fls_editor *ed = NULL;
    el_get(el, EL_CLIENTDATA, &ed);
    return ed && ed->prompt ? ed->prompt : "";
}

static unsigned char interrupt_fn(EditLine *el, int ch) {
    (void)ch;
    fls_editor *ed = NULL;
    el_get(el, EL_CLIENTDATA, &ed);
    if (ed) ed->interrupted = 1;
    fputs("^C", stdout);
    fflush(stdout);
    return CC_NEWLINE;
}

static size_t common_prefix(char **items, int n) {
    if (n == 0) return 0;
    size_t len = strlen(items[0]);
    for (int i = 1; i < n; i++) {
        size_t j = 0;
        while (j < len && items[i][j] && items[i][j] == items[0][j]) j++;
        len = j;
    }
    return len;
}

static void print_columns(char **items, int n) {
    size_t width = 0;
    for (int i = 0; i < n; i++) if (strlen(items[i]) > width) width = strlen(items[i]);
    struct winsize ws;
    int cols = 80;
    if (ioctl(1, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) cols = ws.ws_col;
    int per = (int)(cols / (width + 2));
    if (per < 1) per = 1;
    fputc('\n', stdout);
    int shown = n > 200 ? 200 : n;
    for (int i = 0; i < shown; i++) {
        fprintf(stdout, "%-*s", (int)(width + 2), items[i]);
        if ((i + 1) % per == 0 || i == shown - 1) fputc('\n', stdout);
    }
    if (n > shown) fprintf(stdout, "... and %d more\n", n - shown);
    fflush(stdout);
}

static unsigned char complete_fn(EditLine *el, int ch) {
    (void)ch;
    fls_editor *ed = NULL;
    el_get(el, EL_CLIENTDATA, &ed);
    if (!ed || !ed->complete) return CC_ERROR;
    const LineInfo *li = el_line(el);
    size_t before_len = (size_t)(li->cursor - li->buffer);
    char *before = strndup(li->buffer, before_len);
    if (!before) return CC_ERROR;
    int replace = 0;
    char *list = ed->complete(before, &replace, ed->context);
    free(before);
    if (!list || !*list) {
        free(list);
        return CC_REFRESH_BEEP;
    }
    int n = 1;
    for (char *p = list; *p; p++) if (*p == '\n') n++;
    char **items = calloc((size_t)n, sizeof(char *));
    if (!items) {
        free(list);
        return CC_ERROR;
    }
    int count = 0;
    for (char *tok = strtok(list, "\n"); tok; tok = strtok(NULL, "\n")) items[count++] = tok;
    unsigned char result = CC_REFRESH;
    if (count == 1) {
        el_deletestr(el, replace);
        el_insertstr(el, items[0]);
    } else if (count > 1) {
        size_t prefix = common_prefix(items, count);
        if ((int)prefix > replace) {
            char *common = strndup(items[0], prefix);
            if (common) {
                el_deletestr(el, replace);
                el_insertstr(el, common);
                free(common);
            }
        } else {
            print_columns(items, count);
            result = CC_REDISPLAY;
        }
    }
    free(items);
    free(list);
    return result;
}

static char *escape_entry(const char *line) {
    size_t n = strlen(line);
    char *out = malloc(n * 2 + 1);
    if (!out) return NULL;
    char *o = out;
    for (const char *p = line; *p; p++) {
        if (*p == '\\') { *o++ = '\\'; *o++ = '\\'; }
        else if (*p == '\n') { *o++ = '\\'; *o++ = 'n'; }
        else *o++ = *p;
    }
    *o = 0;
    return out;
}

static char *unescape_entry(const char *line) {
    char *out = malloc(strlen(line) + 1);
    if (!out) return NULL;
    char *o = out;
    for (const char *p = line; *p; p++) {
        if (*p == '\\' && p[1] == 'n') { *o++ = '\n'; p++; }
        else if (*p == '\\' && p[1] == '\\') { *o++ = '\\'; p++; }
        else *o++ = *p;
    }
    *o = 0;
    return out;
}

/// Loads the last `size` entries; rewrites the file when it has grown past twice that.
static void load_history(fls_editor *ed) {
    if (!ed->history_path) return;
    int fd = open(ed->history_path, O_RDWR | O_CREAT, 0600);
    if (fd < 0) return;
    if (flock(fd, LOCK_EX) != 0) { close(fd); return; }
    FILE *f = fdopen(dup(fd), "r");
    char **lines = NULL;
    size_t count = 0, cap = 0;
    if (f) {
        char *buf = NULL;
        size_t bufcap = 0;
        ssize_t len;
        while ((len = getline(&buf, &bufcap, f)) >= 0) {
            if (len > 0 && buf[len - 1] == '\n') buf[len - 1] = 0;
            if (!buf[0]) continue;
            if (count == cap) {
                cap = cap ? cap * 2 : 256;
                char **grown = realloc(lines, cap * sizeof(char *));
                if (!grown) break;
                lines = grown;
            }
            lines[count++] = strdup(buf);
        }
        free(buf);
        fclose(f);
    }
    size_t first = count > (size_t)ed->history_size ? count - (size_t)ed->history_size : 0;
    for (size_t i = first; i < count; i++) {
        char *entry = lines[i] ? unescape_entry(lines[i]) : NULL;
        if (entry) history(ed->hist, &ed->ev, H_ENTER, entry);
        free(entry);
    }
    if (count > (size_t)ed->history_size * 2) {
        // Rewrite in place while holding the lock: keep the newest entries.
        if (ftruncate(fd, 0) == 0 && lseek(fd, 0, SEEK_SET) == 0) {
            for (size_t i = first; i < count; i++) {
                if (!lines[i]) continue;
                size_t n = strlen(lines[i]);
                if (write(fd, lines[i], n) != (ssize_t)n || write(fd, "\n", 1) != 1) break;
            }
        }
    }
    for (size_t i = 0; i < count; i++) free(lines[i]);
    free(lines);
    flock(fd, LOCK_UN);
    close(fd);
}

fls_editor *fls_editor_new(const char *program, const char *history_path, int history_size,
                           fls_complete_fn complete, void *context) {
    fls_editor *ed = calloc(1, sizeof(fls_editor));
    if (!ed) return NULL;
    ed->el = el_init(program, stdin, stdout, stderr);
    if (!ed->el) { free(ed); return NULL; }
    ed->hist = history_init();
    ed->history_size = history_size > 0 ? history_size : 1000;
    ed->history_path = history_path ? strdup(history_path) : NULL;
    ed->complete = complete;
    ed->context = context;
    ed->prompt = strdup("> ");
    if (ed->hist) {
        history(ed->hist, &ed->ev, H_SETSIZE, ed->history_size);
        history(ed->hist, &ed->ev, H_SETUNIQUE, 1);
        el_set(ed->el, EL_HIST, history, ed->hist);
    }
    el_set(ed->el, EL_CLIENTDATA, ed);
    el_set(ed->el, EL_PROMPT, prompt_fn);
    el_set(ed->el, EL_EDITOR, "emacs");
    // While editing, Ctrl-C is a key that cancels the line (not a signal).
    el_set(ed->el, EL_SETTY, "-d", "-isig", NULL);
    el_set(ed->el, EL_ADDFN, "fls-interrupt", "Cancel the current line", interrupt_fn);
    el_set(ed->el, EL_BIND, "^C", "fls-interrupt", NULL);
    el_set(ed->el, EL_ADDFN, "fls-complete", "Complete the word", complete_fn);
    el_set(ed->el, EL_BIND, "^I", "fls-complete", NULL);
    el_set(ed->el, EL_BIND, "^R", "em-inc-search-prev", NULL);
    el_set(ed->el, EL_BIND, "\033[A", "ed-prev-history", NULL);
    el_set(ed->el, EL_BIND, "\033[B", "ed-next-history", NULL);
    el_set(ed->el, EL_BIND, "\033[1;5C", "em-next-word", NULL);
    el_set(ed->el, EL_BIND, "\033[1;5D", "ed-prev-word", NULL);
    el_source(ed->el, NULL);
    if (ed->hist) load_history(ed);
    return ed;
}

void fls_editor_free(fls_editor *ed) {
    if (!ed) return;
    if (ed->el) el_end(ed->el);
    if (ed->hist) history_end(ed->hist);
    free(ed->prompt);
    free(ed->history_path);
    free(ed);
}

void fls_editor_set_prompt(fls_editor *ed, const char *prompt) {
    char *copy = strdup(prompt);
    if (!copy) return;
    free(ed->prompt);
    ed->prompt = copy;
}

char *fls_editor_read(fls_editor *ed, int *interrupted) {
    *interrupted = 0;
    ed->interrupted = 0;
    int count = 0;
    const char *line = el_gets(ed->el, &count);
    if (ed->interrupted) {
        *interrupted = 1;
        fputc('\n', stdout);
        fflush(stdout);
        return strdup("");
    }
    if (!line || count <= 0) {
        if (count < 0 && errno == EINTR) {
            *interrupted = 1;
            return strdup("");
        }
        return NULL;
    }
    size_t n = strlen(line);
    while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r')) n--;
    return strndup(line, n);
}

void fls_editor_remember(fls_editor *ed, const char *line) {
    if (!ed->hist || !line || !*line) return;
    history(ed->hist, &ed->ev, H_ENTER, line);
    if (!ed->history_path) return;
    char *escaped = escape_entry(line);
    if (!escaped) return;
    int fd = open(ed->history_path, O_WRONLY | O_APPEND | O_CREAT, 0600);
    if (fd >= 0) {
        if (flock(fd, LOCK_EX) == 0) {
            size_t n = strlen(escaped);
            char *record = malloc(n + 2);
            if (record) {
                memcpy(record, escaped, n);
                record[n] = '\n';
                record[n + 1] = 0;
                if (write(fd, record, n + 1) < 0) { /* history is best effort */ }
                free(record);
            }
            flock(fd, LOCK_UN);
        }
        close(fd);
    }
    free(escaped);
}

pid_t fls_spawn_pty(char *const argv[], char *const envp[], int rows, int cols, int *master_fd) {
    struct winsize ws;
    memset(&ws, 0, sizeof ws);
    ws.ws_row = (unsigned short)rows;
    ws.ws_col = (unsigned short)cols;
    int master = -1;
    pid_t pid = forkpty(&master, NULL, NULL, &ws);
    if (pid < 0) return -1;
    if (pid == 0) {
        execve(argv[0], argv, envp);
        _exit(127);
    }
    *master_fd = master;
    return pid;
}
