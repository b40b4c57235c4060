# Reference numbers for tests/test_kano.py, computed independently of sxm in base R.
#
# Run from the repository root:  Rscript tests/reference/kano_reference.R
#
# 1. The Kano table of data/car_rental_kano.csv (counts, Better/Worse, Fong's test, the
#    category by Fong + M > O > A > I, continuous-scale means and SDs, mean importance).
# 2. The same data under the rules of the R package stp25kano (W. Peter; Kano() and its
#    table function, read on GitHub stp4/stp25kano R/kano.R): its M > O > A > I rule is
#    applied when the category strength is <= 6 %, its Fong critical value is rounded to
#    one decimal and "|a - b| < critical" means not significant. The package itself is not
#    on CRAN, so its documented rules are re-implemented here; the output shows where the
#    two conventions disagree.

d <- read.csv("data/car_rental_kano.csv")
attrs <- sub("_func$", "", grep("_func$", names(d), value = TRUE))

# evaluation table (Berger et al. 1993): rows functional 1..5, columns dysfunctional 1..5
evaluation <- matrix(c("Q", "A", "A", "A", "O",
                       "R", "I", "I", "I", "M",
                       "R", "I", "I", "I", "M",
                       "R", "I", "I", "I", "M",
                       "R", "R", "R", "R", "Q"), nrow = 5, byrow = TRUE)
cats <- c("A", "O", "M", "I", "R", "Q")
hierarchy <- c("M", "O", "A", "I", "R")
fscore <- c(4, 2, 0, -1, -2)
dscore <- c(-2, -1, 0, 2, 4)

rows <- lapply(attrs, function(a) {
  f <- d[[paste0(a, "_func")]]
  g <- d[[paste0(a, "_dysf")]]
  ok <- !is.na(f) & !is.na(g)
  f <- f[ok]; g <- g[ok]
  k <- evaluation[cbind(f, g)]
  tab <- table(factor(k, levels = cats))
  n <- sum(tab)
  ranked <- tab[hierarchy]
  o <- order(-as.numeric(ranked), seq_along(ranked))  # ties: earlier in M > O > A > I > R
  top <- names(ranked)[o[1]]; second <- names(ranked)[o[2]]
  a1 <- as.numeric(ranked[o[1]]); b1 <- as.numeric(ranked[o[2]])
  crit <- 1.65 * sqrt((a1 + b1) * (2 * n - a1 - b1) / (2 * n))
  sig <- abs(a1 - b1) > crit
  category <- if (sig) top else hierarchy[min(match(c(top, second), hierarchy))]
  aomi <- sum(tab[c("A", "O", "M", "I")])
  # stp25kano conventions
  cs <- (a1 - b1) / n
  stp_category <- if (cs > 0.06) top else hierarchy[min(match(c(top, second), hierarchy))]
  stp_crit <- round(1.65 * sqrt((a1 + b1) * (2 * n - a1 - b1) / (2 * n)), 1)
  data.frame(
    attribute = a, n = n,
    A = tab[["A"]], O = tab[["O"]], M = tab[["M"]], I = tab[["I"]], R = tab[["R"]], Q = tab[["Q"]],
    category = category,
    better = (tab[["A"]] + tab[["O"]]) / aomi,
    worse = -(tab[["O"]] + tab[["M"]]) / aomi,
    category_strength = cs,
    total_strength = sum(tab[c("A", "O", "M")]) / n,
    fong_critical = crit,
    func_mean = mean(fscore[f]), func_sd = sd(fscore[f]),
    dysf_mean = mean(dscore[g]), dysf_sd = sd(dscore[g]),
    importance = mean(d[[paste0(a, "_imp")]], na.rm = TRUE),
    stp_category = stp_category, stp_fong_critical = stp_crit,
    stp_fong_ns = abs(a1 - b1) < stp_crit
  )
})
out <- do.call(rbind, rows)
options(width = 200, digits = 10)
print(out[, 1:10], row.names = FALSE)
print(out[, c(1, 11:16)], row.names = FALSE)
print(out[, c(1, 17:22)], row.names = FALSE)
