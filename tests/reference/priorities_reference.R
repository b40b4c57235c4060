# Reference numbers for tests/test_priorities.py (sxm.priorities.derived_importance).
#
# Johnson's (2000) relative weights computed from scratch by the eigen-decomposition of the
# predictors' correlation matrix, independently of the Python code:
#   R_xx = P diag(d) P',  Lambda = P diag(sqrt(d)) P'   (correlations of X with orthogonal Z)
#   beta_z = solve(Lambda, r_xy),  eps_j = sum_k Lambda[j, k]^2 * beta_z[k]^2,  sum(eps) = R^2
# plus the standardized regression weights (lm on scaled data) and zero-order correlations.
#
# Run from the repository root:  Rscript tests/reference/priorities_reference.R
# It writes tests/reference/mtcars.csv (R's built-in mtcars data, the columns used) and
# prints the numbers that are hard-coded in the tests.

relative_weights <- function(X, y) {
  R <- cor(X)
  rxy <- cor(X, y)
  e <- eigen(R, symmetric = TRUE)
  Lambda <- e$vectors %*% diag(sqrt(e$values)) %*% t(e$vectors)
  beta_z <- solve(Lambda, rxy)
  eps <- as.vector((Lambda^2) %*% (beta_z^2))
  names(eps) <- colnames(X)
  eps
}

report <- function(label, X, y) {
  eps <- relative_weights(X, y)
  fit <- lm(scale(y) ~ scale(X))
  r2 <- summary(fit)$r.squared
  beta <- coef(fit)[-1]
  names(beta) <- colnames(X)
  cat("\n==", label, "== n =", nrow(X), "\n")
  cat(sprintf("R2 = %.10f   sum(eps) = %.10f\n", r2, sum(eps)))
  print(data.frame(correlation = sprintf("%.10f", cor(X, y)),
                   beta = sprintf("%.10f", beta),
                   relative_weight = sprintf("%.10f", eps),
                   rescaled = sprintf("%.10f", eps / sum(eps)),
                   row.names = colnames(X)))
}

# 1. mtcars: mpg on cylinders, displacement, horsepower, weight, rear axle ratio
vars <- c("mpg", "cyl", "disp", "hp", "wt", "drat")
write.csv(mtcars[, vars], "tests/reference/mtcars.csv", row.names = FALSE)
report("mtcars: mpg ~ cyl + disp + hp + wt + drat", as.matrix(mtcars[, vars[-1]]), mtcars$mpg)

# 2. ECSI mobile-phone survey (../shared/reference-data/ecsi_mobi.csv): CUSA1 on PERQ1-PERQ7
path <- "../shared/reference-data/ecsi_mobi.csv"
if (file.exists(path)) {
  mobi <- read.csv(path)
  perq <- paste0("PERQ", 1:7)
  ok <- complete.cases(mobi[, c(perq, "CUSA1")])
  report("ecsi_mobi: CUSA1 ~ PERQ1..PERQ7", as.matrix(mobi[ok, perq]), mobi$CUSA1[ok])
}
