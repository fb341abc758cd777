#ifndef QUOTAPLAN_ATOMIC_RENAME_H
#define QUOTAPLAN_ATOMIC_RENAME_H

/// Atomically exchanges two paths (Linux renameat2 with RENAME_EXCHANGE): after the call each
/// name points at what the other did, with no moment where either is missing. Returns 0, or -1
/// with errno set (EINVAL or ENOSYS where the file system or kernel cannot exchange, EBUSY for a
/// mount point, EXDEV across file systems).
int qp_exchange_paths(const char *first, const char *second);

/// Whether `path` is the root of a mount (statx's STATX_ATTR_MOUNT_ROOT, which also sees bind
/// mounts on the same device): 1 yes, 0 no, -1 unknown (old kernel or no statx).
int qp_is_mount_root(const char *path);

#endif
