#ifndef QUOTAPLAN_CGLPK_SHIM_H
#define QUOTAPLAN_CGLPK_SHIM_H

#include <glpk.h>
#include <setjmp.h>
#include <stdlib.h>

/* Last line of defence. GLPK reports a fatal error by calling its error
 * hook and then abort()ing the process. The Swift layer validates all input
 * so this should never happen; if it does, these guards catch the error by
 * longjmp()ing out of the hook (Swift cannot call setjmp itself), free the
 * whole GLPK environment of this thread (every problem object on it is gone)
 * and return QP_GLPK_FAULT instead of a GLPK return code. */
#define QP_GLPK_FAULT (-1000)

static void qp_glpk_error_hook(void *info) {
  longjmp(*(jmp_buf *)info, 1);
}

static inline int qp_guarded_simplex(glp_prob *P, const glp_smcp *parm) {
  jmp_buf env;
  if (setjmp(env)) {
    glp_free_env();
    return QP_GLPK_FAULT;
  }
  glp_error_hook(qp_glpk_error_hook, &env);
  int ret = glp_simplex(P, parm);
  glp_error_hook(NULL, NULL);
  return ret;
}

static inline int qp_guarded_intopt(glp_prob *P, const glp_iocp *parm) {
  jmp_buf env;
  if (setjmp(env)) {
    glp_free_env();
    return QP_GLPK_FAULT;
  }
  glp_error_hook(qp_glpk_error_hook, &env);
  int ret = glp_intopt(P, parm);
  glp_error_hook(NULL, NULL);
  return ret;
}

static inline int qp_guarded_load_matrix(glp_prob *P, int ne, const int ia[],
                                         const int ja[], const double ar[]) {
  jmp_buf env;
  if (setjmp(env)) {
    glp_free_env();
    return QP_GLPK_FAULT;
  }
  glp_error_hook(qp_glpk_error_hook, &env);
  glp_load_matrix(P, ne, ia, ja, ar);
  glp_error_hook(NULL, NULL);
  return 0;
}

static inline int qp_guarded_write_lp(glp_prob *P, const char *fname) {
  jmp_buf env;
  if (setjmp(env)) {
    glp_free_env();
    return QP_GLPK_FAULT;
  }
  glp_error_hook(qp_glpk_error_hook, &env);
  int ret = glp_write_lp(P, NULL, fname);
  glp_error_hook(NULL, NULL);
  return ret;
}

static inline int qp_guarded_write_mps(glp_prob *P, const char *fname) {
  jmp_buf env;
  if (setjmp(env)) {
    glp_free_env();
    return QP_GLPK_FAULT;
  }
  glp_error_hook(qp_glpk_error_hook, &env);
  int ret = glp_write_mps(P, GLP_MPS_FILE, NULL, fname);
  glp_error_hook(NULL, NULL);
  return ret;
}

#endif
