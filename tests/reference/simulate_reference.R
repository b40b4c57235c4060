# Reference for tests/test_simulate.py::test_implied_item_correlations_match_lavaan
# The population model of the test (standardized: latent variances 1, endogenous residual
# variances 1 - R^2, item residual variances 1 - loading^2), with every parameter fixed;
# lavaan computes the implied covariance of the items without fitting.
# Run: Rscript tests/reference/simulate_reference.R  (lavaan 0.6)
suppressPackageStartupMessages(library(lavaan))
model <- '
quality =~ 0.8*q1 + 0.7*q2 + 0.6*q3
value =~ 0.75*v1 + 0.65*v2
satisfaction =~ 0.85*s1 + 0.8*s2 + 0.7*s3
loyalty =~ 0.8*l1 + 0.7*l2
satisfaction ~ 0.5*quality + 0.3*value
loyalty ~ 0.6*satisfaction
quality ~~ 1*quality
value ~~ 1*value
quality ~~ 0.4*value
satisfaction ~~ 0.54*satisfaction
loyalty ~~ 0.64*loyalty
q1 ~~ 0.36*q1
q2 ~~ 0.51*q2
q3 ~~ 0.64*q3
v1 ~~ 0.4375*v1
v2 ~~ 0.5775*v2
s1 ~~ 0.2775*s1
s2 ~~ 0.36*s2
s3 ~~ 0.51*s3
l1 ~~ 0.36*l1
l2 ~~ 0.51*l2
'
items <- c("q1","q2","q3","v1","v2","s1","s2","s3","l1","l2")
S <- diag(length(items)); dimnames(S) <- list(items, items)
fit <- lavaan(model, sample.cov = S, sample.nobs = 1000, do.fit = FALSE)
imp <- lavInspect(fit, "implied")$cov[items, items]
print(round(imp, 6))
