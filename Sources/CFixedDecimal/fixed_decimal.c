#include "fixed_decimal.h"
#include <stdio.h>

int qp_fixed_decimal(char *buffer, size_t capacity, double value, int digits) {
  return snprintf(buffer, capacity, "%.*f", digits, value);
}
