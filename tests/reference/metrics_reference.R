# Reference for tests/test_metrics.py::test_intervals_match_r
# Run: Rscript tests/reference/metrics_reference.R   (base R only)
# CSAT: the Wilson score interval is prop.test without continuity correction.
options(digits = 10)
print(prop.test(7, 10, correct = FALSE)$conf.int)            # top-2-box 7 of 10
print(prop.test(133, 200, correct = FALSE)$conf.int)         # 133 of 200
print(prop.test(5, 5, correct = FALSE, conf.level = 0.9)$conf.int)  # all satisfied, 90%
# CES: the Student-t interval of a mean
print(t.test(c(2, 3, 3, 4, 6))$conf.int)
print(t.test(c(2, 3, 1, 2, 2, 7, 4), conf.level = 0.9)$conf.int)
