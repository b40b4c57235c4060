# References for tests/test_power.py (R 4, lavaan 0.6-14, semTools 0.5-6).
# Run: Rscript tests/reference/power_reference.R
suppressPackageStartupMessages({library(lavaan); library(semTools)})

# 1. test_rmsea_power_matches_semtools: power of the tests of close fit (H0: RMSEA <= .05,
#    RMSEA = .08 under H1) and not-close fit (H0: RMSEA >= .05, RMSEA = .01), alpha = .05,
#    and two variations (alpha = .01; H0 of exact fit, RMSEA0 = 0).
cat("findRMSEApower\n")
for (df in c(10, 40, 72)) for (n in c(100, 200, 500)) {
  cat(sprintf("df %3d n %4d close %.10f notclose %.10f alpha01 %.10f exact %.10f\n", df, n,
              findRMSEApower(.05, .08, df, n), findRMSEApower(.05, .01, df, n),
              findRMSEApower(.05, .08, df, n, alpha = .01), findRMSEApower(0, .05, df, n)))
}

# 2. test_rmsea_sample_size_matches_semtools_and_maccallum_table_4: the smallest N with
#    power > .80 for the degrees of freedom of MacCallum, Browne & Sugawara's (1996) Table 4,
#    and two variations (power .90; alpha .01).
cat("findRMSEAsamplesize\n")
for (df in c(2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 25, 30, 35, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90, 95, 100)) {
  cat(sprintf("df %3d close %5d notclose %5d power90 %5d alpha01 %5d\n", df,
              findRMSEAsamplesize(.05, .08, df, .8), findRMSEAsamplesize(.05, .01, df, .8),
              findRMSEAsamplesize(.05, .08, df, .9), findRMSEAsamplesize(.05, .08, df, .8, alpha = .01)))
}

# 3. test_lr_power_matches_lavaan: Satorra-Saris power of dropping 'loyalty ~ experience'
#    from chapter 3's model. The population covariance is lavaan's implied covariance of the
#    model with every parameter fixed (standardized: latent variances 1, residual variances
#    1 - R^2 and 1 - loading^2); the restricted model is fitted to it and F0 = chi2 / N
#    (lavaan's chi-square is N * F); power = P(chi2_1(N * F0) > qchisq(.95, 1)).
#    R^2(satisfaction) = .4^2 + .3^2 + 2 * .4 * .3 * .5 = .37;
#    cov(satisfaction, experience) = .4 * .5 + .3 = .5;
#    R^2(loyalty) = .4^2 + .2^2 + 2 * .4 * .2 * .5 = .28.
items <- c(paste0("sq", 1:4), paste0("ex", 1:4), paste0("sat", 1:3), paste0("loy", 1:3))
S <- 0.7 * diag(length(items)) + 0.3; dimnames(S) <- list(items, items)  # any S: every parameter is fixed
population <- '
quality =~ 0.75*sq1 + 0.7*sq2 + 0.8*sq3 + 0.7*sq4
experience =~ 0.8*ex1 + 0.75*ex2 + 0.7*ex3 + 0.7*ex4
satisfaction =~ 0.85*sat1 + 0.8*sat2 + 0.75*sat3
loyalty =~ 0.8*loy1 + 0.75*loy2 + 0.7*loy3
satisfaction ~ 0.4*quality + 0.3*experience
loyalty ~ 0.4*satisfaction + 0.2*experience
quality ~~ 1*quality
experience ~~ 1*experience
quality ~~ 0.5*experience
satisfaction ~~ 0.63*satisfaction
loyalty ~~ 0.72*loyalty
sq1 ~~ 0.4375*sq1
sq2 ~~ 0.51*sq2
sq3 ~~ 0.36*sq3
sq4 ~~ 0.51*sq4
ex1 ~~ 0.36*ex1
ex2 ~~ 0.4375*ex2
ex3 ~~ 0.51*ex3
ex4 ~~ 0.51*ex4
sat1 ~~ 0.2775*sat1
sat2 ~~ 0.36*sat2
sat3 ~~ 0.4375*sat3
loy1 ~~ 0.36*loy1
loy2 ~~ 0.4375*loy2
loy3 ~~ 0.51*loy3
'
Sigma <- lavInspect(lavaan(population, sample.cov = S, sample.nobs = 1000, do.fit = FALSE), "implied")$cov[items, items]
restricted <- '
quality =~ sq1 + sq2 + sq3 + sq4
experience =~ ex1 + ex2 + ex3 + ex4
satisfaction =~ sat1 + sat2 + sat3
loyalty =~ loy1 + loy2 + loy3
satisfaction ~ quality + experience
loyalty ~ satisfaction + 0*experience
'
N <- 1e6
rest <- sem(restricted, sample.cov = Sigma, sample.nobs = N)
F0 <- fitMeasures(rest, "chisq")[[1]] / N
cat(sprintf("lr_power F0 %.10f df %d\n", F0, fitMeasures(rest, "df")[[1]]))
for (n in c(100, 200, 300, 400, 500)) {
  cat(sprintf("n %d ncp %.8f power %.10f\n", n, n * F0, 1 - pchisq(qchisq(.95, 1), 1, ncp = n * F0)))
}
