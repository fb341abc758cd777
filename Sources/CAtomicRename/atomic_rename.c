#define _GNU_SOURCE
#include "atomic_rename.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef RENAME_EXCHANGE
#define RENAME_EXCHANGE (1 << 1)
#endif

int qp_exchange_paths(const char *first, const char *second) {
#ifdef SYS_renameat2
  return (int)syscall(SYS_renameat2, AT_FDCWD, first, AT_FDCWD, second, RENAME_EXCHANGE);
#else
  errno = ENOSYS;
  return -1;
#endif
}

int qp_is_mount_root(const char *path) {
#if defined(STATX_ATTR_MOUNT_ROOT) && defined(STATX_BASIC_STATS)
  struct statx info;
  if (statx(AT_FDCWD, path, AT_SYMLINK_NOFOLLOW, STATX_BASIC_STATS, &info) != 0) return -1;
  if (!(info.stx_attributes_mask & STATX_ATTR_MOUNT_ROOT)) return -1;
  return (info.stx_attributes & STATX_ATTR_MOUNT_ROOT) ? 1 : 0;
#else
  (void)path;
  return -1;
#endif
}
