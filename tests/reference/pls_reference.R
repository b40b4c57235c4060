# Reference numbers for tests/test_pls.py: the full ECSI model on the mobi data
# (../shared/reference-data/ecsi_mobi.csv), estimated by a line-by-line base-R transcription
# of seminr's simplePLS() (seminr R/estimate_simplePLS.R: scale() with n - 1, start weights 1,
# path weighting, mode A = cov(x, inner proxy), weights rescaled to unit-variance composites,
# stop when sum(abs(weight change)) < 1e-7, at most 300 iterations).
# seminr itself cannot be installed here (no CRAN); this script works on the raw n x p data,
# whereas sxm.pls iterates on the correlation matrix, so it checks the vectorized algebra.
# Run from the project root:  Rscript tests/reference/pls_reference.R
mobi <- read.csv("../shared/reference-data/ecsi_mobi.csv")
blocks <- list(
  Image = paste0("IMAG", 1:5), Expectation = paste0("CUEX", 1:3), Quality = paste0("PERQ", 1:7),
  Value = paste0("PERV", 1:2), Satisfaction = paste0("CUSA", 1:3), Complaints = "CUSCO",
  Loyalty = paste0("CUSL", 1:3))
paths <- rbind(c("Image", "Expectation"), c("Image", "Satisfaction"), c("Image", "Loyalty"),
               c("Expectation", "Quality"), c("Expectation", "Value"), c("Expectation", "Satisfaction"),
               c("Quality", "Value"), c("Quality", "Satisfaction"), c("Value", "Satisfaction"),
               c("Satisfaction", "Complaints"), c("Satisfaction", "Loyalty"), c("Complaints", "Loyalty"))
lv <- names(blocks)
mv <- unlist(blocks, use.names = FALSE)
X <- scale(as.matrix(mobi[, mv]), TRUE, TRUE)
W <- matrix(0, length(mv), length(lv), dimnames = list(mv, lv))
for (c in lv) W[blocks[[c]], c] <- 1
P <- matrix(0, length(lv), length(lv), dimnames = list(lv, lv))
P[paths] <- 1
endo <- lv[colSums(P) > 0]
inner_path <- function(Y) {
  E <- cor(Y) * t(P)
  for (j in endo) {
    pr <- lv[P[, j] == 1]
    E[pr, j] <- solve(t(Y[, pr]) %*% Y[, pr], t(Y[, pr]) %*% Y[, j])
  }
  E
}
for (it in 0:300) {
  Y <- scale(X %*% W, TRUE, TRUE)
  Z <- scale(Y %*% inner_path(Y), TRUE, TRUE)
  W_old <- W
  for (c in lv) W[blocks[[c]], c] <- cov(X[, blocks[[c]]], Z[, c])
  W <- t(t(W) / attr(scale(X %*% W, center = FALSE), "scaled:scale"))
  if (sum(abs(W - W_old)) < 1e-7) break
}
Y <- X %*% W
B <- P
for (j in endo) {
  pr <- lv[P[, j] == 1]
  B[pr, j] <- solve(t(Y[, pr]) %*% Y[, pr], t(Y[, pr]) %*% Y[, j])
}
L <- cov(X, Y)
options(digits = 10)
cat("iterations", it, "\n")
cat("# paths\n"); print(data.frame(source = paths[, 1], target = paths[, 2], coef = B[paths]))
cat("# r2\n"); print(sapply(endo, function(j) summary(lm(Y[, j] ~ Y[, P[, j] == 1]))$r.squared))
cat("# loadings and weights\n")
print(data.frame(item = mv, loading = L[cbind(mv, rep(lv, lengths(blocks)))],
                 weight = W[cbind(mv, rep(lv, lengths(blocks)))]))
