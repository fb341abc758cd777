#ifndef QP_FIXED_DECIMAL_H
#define QP_FIXED_DECIMAL_H

#include <stddef.h>

/// Writes `value` with `digits` decimals (C's "%.*f") into `buffer`; returns what snprintf
/// returns. Swift cannot call the variadic snprintf, and going through vsnprintf with a
/// va_list built per number was a tenth of a plan workbook's time.
int qp_fixed_decimal(char *buffer, size_t capacity, double value, int digits);

#endif
