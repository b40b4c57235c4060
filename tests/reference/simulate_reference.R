# References for tests/test_simulate.py (lavaan 0.6-14).
# Run: Rscript tests/reference/simulate_reference.R
suppressPackageStartupMessages(library(lavaan))
items <- c("q1", "q2", "q3", "v1", "v2", "s1", "s2", "s3", "l1", "l2")
S <- diag(length(items)); dimnames(S) <- list(items, items)

# 1. test_implied_item_correlations_match_lavaan: the population model of sxm's
#    latent_survey written out with every parameter fixed -- standardized loadings and paths,
#    latent variances 1, endogenous residual variances 1 - R^2, item residual variances
#    1 - loading^2 -- and lavaan's implied covariance of the items, without fitting.
full <- '
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
fit <- lavaan(full, sample.cov = S, sample.nobs = 1000, do.fit = FALSE)
cat("implied covariance of the full model\n")
print(round(lavInspect(fit, "implied")$cov[items, items], 6))

# 2. test_population_covariance_matches_lavaan_simulatedata: the same population model in
#    the short form latent_survey reads, given to simulateData(standardized = TRUE,
#    empirical = TRUE): the ML covariance (divisor N) of its data is the population
#    covariance. With one structural level (satisfaction on quality and value) lavaan's and
#    sxm's readings agree exactly.
short <- '
quality =~ 0.8*q1 + 0.7*q2 + 0.6*q3
value =~ 0.75*v1 + 0.65*v2
satisfaction =~ 0.85*s1 + 0.8*s2 + 0.7*s3
satisfaction ~ 0.5*quality + 0.3*value
quality ~~ 0.4*value
'
N <- 2000
it <- items[1:8]
d <- simulateData(short, sample.nobs = N, standardized = TRUE, empirical = TRUE, seed = 1)
cat("simulateData(standardized = TRUE), one structural level\n")
print(round(cov(d[, it]) * (N - 1) / N, 6))
# With a chain (loyalty ~ 0.6*satisfaction added) lavaan 0.6-14 standardizes the items but
# not loyalty: it sets loyalty's residual variance to 1 - 0.6^2 * 0.46 (the explained part of
# satisfaction's variance only), so var(loyalty) = 1.1944 and cor(l1, l2) = 0.56 * 1.1944.
# sxm keeps every construct at variance 1 (paths stay standardized), as in model 1.
d2 <- simulateData(paste(short, "loyalty =~ 0.8*l1 + 0.7*l2\nloyalty ~ 0.6*satisfaction"),
                   sample.nobs = N, standardized = TRUE, empirical = TRUE, seed = 1)
cat("cov(l1, l2) with the chain:", round(cov(d2$l1, d2$l2) * (N - 1) / N, 6), "\n")
