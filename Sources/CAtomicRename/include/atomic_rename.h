#ifndef QUOTAPLAN_ATOMIC_RENAME_H
#define QUOTAPLAN_ATOMIC_RENAME_H

/// Atomically exchanges two paths (Linux renameat2 with RENAME_EXCHANGE): after the call each
/// name points at what the other did, with no moment where either is missing. Returns 0, or -1
/// with errno set (EINVAL or ENOSYS where the file system or kernel cannot exchange).
int qp_exchange_paths(const char *first, const char *second);

#endif
