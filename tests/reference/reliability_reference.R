# Reference numbers for tests/test_reliability.py.
# Run from the project root:  Rscript tests/reference/reliability_reference.R
# (R 4.x with lavaan 0.6-14+, semTools 0.5-6, psych 2.2+). The SQ cross-check needs
# ../shared/reference-data/servqual_sq.csv and is skipped when that file is absent.
suppressMessages({library(lavaan); library(semTools); library(psych)})
options(digits = 10, width = 120)

report <- function(d, blocks, label) {
  cat("\n====", label, "====  n =", nrow(d), "\n")
  model <- paste(sprintf("%s =~ %s", names(blocks),
                         sapply(blocks, paste, collapse = " + ")), collapse = "\n")
  fit <- cfa(model, data = d, std.lv = FALSE)
  cat("-- psych::alpha raw_alpha (use = 'pairwise')\n")
  print(sapply(blocks, function(b) psych::alpha(d[, b], warnings = FALSE)$total$raw_alpha))
  cat("-- omega per block: compRelSEM(cfa('f =~ block items'))  (one-factor model per block)\n")
  print(sapply(blocks, function(b) {
    f1 <- cfa(paste("f =~", paste(b, collapse = " + ")), data = d)
    unclass(compRelSEM(f1))[["f"]]
  }))
  cat("-- joint CFA: semTools compRelSEM (obs.var = TRUE) and AVE (obs.var = TRUE)\n")
  print(unlist(unclass(compRelSEM(fit))))
  print(unlist(unclass(AVE(fit))))
  ss <- standardizedSolution(fit)
  l <- ss[ss$op == "=~", ]
  cat("-- joint CFA: Fornell-Larcker CR and AVE from standardized loadings\n")
  print(tapply(l$est.std, l$lhs, function(x) sum(x)^2 / (sum(x)^2 + sum(1 - x^2)))[names(blocks)])
  print(tapply(l$est.std, l$lhs, function(x) mean(x^2))[names(blocks)])
  cat("-- standardized loadings\n"); print(l[, c("lhs", "rhs", "est.std")])
  cat("-- factor correlations\n"); print(ss[ss$op == "~~" & ss$lhs != ss$rhs, c("lhs", "rhs", "est.std")])
  cat("-- semTools::htmt(htmt2 = TRUE)\n"); print(unclass(htmt(model, d)))
  cat("-- semTools::htmt(htmt2 = FALSE)\n"); print(unclass(htmt(model, d, htmt2 = FALSE)))
  cat("-- fitMeasures\n"); print(fitMeasures(fit, c("chisq", "df", "cfi", "tli", "rmsea", "srmr")))
}

hs <- HolzingerSwineford1939
hs_blocks <- list(visual = c("x1", "x2", "x3"), textual = c("x4", "x5", "x6"),
                  speed = c("x7", "x8", "x9"))
report(hs, hs_blocks, "Holzinger-Swineford 1939")

# the parameter table hard-coded as LAVAAN_HS in tests/test_reliability.py
cat("\n==== HS parameterEstimates (lhs, op, rhs, est, std.all) ====\n")
hs_fit <- cfa(paste(sprintf("%s =~ %s", names(hs_blocks), sapply(hs_blocks, paste, collapse = " + ")),
                    collapse = "\n"), data = hs)
pe <- as.data.frame(parameterEstimates(hs_fit, standardized = TRUE))
for (i in seq_len(nrow(pe))) cat(sprintf('("%s", "%s", "%s", %.10f, %.10f),\n',
                                         pe$lhs[i], pe$op[i], pe$rhs[i], pe$est[i], pe$std.all[i]))

# one block of six items: a one-factor model that is not saturated
cat("\n==== HS one factor x1..x6 ====\n")
one <- cfa("f =~ x1 + x2 + x3 + x4 + x5 + x6", data = hs)
print(unclass(compRelSEM(one)))
print(standardizedSolution(one)[1:6, c("rhs", "est.std")])

# pairwise missing values: x2 missing when id %% 7 == 0, x5 missing when id %% 11 == 0
hm <- hs
hm$x2[hm$id %% 7 == 0] <- NA
hm$x5[hm$id %% 11 == 0] <- NA
cat("\n==== HS with missing values: psych::alpha (pairwise) ====\n")
print(sapply(hs_blocks, function(b) psych::alpha(hm[, b], warnings = FALSE)$total$raw_alpha))
cat("-- htmt with missing = 'listwise'\n")
hs_model <- paste(sprintf("%s =~ %s", names(hs_blocks), sapply(hs_blocks, paste, collapse = " + ")), collapse = "\n")
print(unclass(htmt(hs_model, hm)))

sq_path <- "../shared/reference-data/servqual_sq.csv"
if (file.exists(sq_path)) {
  sq <- read.csv(sq_path)
  sq_blocks <- list(tangibles = sprintf("a%02d", 1:4), reliability = sprintf("a%02d", 5:9),
                    responsiveness = sprintf("a%02d", 10:13), assurance = sprintf("a%02d", 14:17),
                    empathy = sprintf("a%02d", 18:22))
  # lavaan on the 0-100 scores; rescaling to 0-1 leaves every ratio below unchanged
  report(sq, sq_blocks, "cSEM SQ (servqual_sq.csv)")
}

# the bundled SERVQUAL survey (perceptions, with ~0.5 % missing answers)
cs <- read.csv("data/car_rental_servqual.csv")
cs_blocks <- list(tangibles = paste0("P", 1:4), reliability = paste0("P", 5:9),
                  responsiveness = paste0("P", 10:13), assurance = paste0("P", 14:17),
                  empathy = paste0("P", 18:22))
cat("\n==== car_rental_servqual perceptions: psych::alpha (pairwise) ====\n")
print(sapply(cs_blocks, function(b) psych::alpha(cs[, b], warnings = FALSE)$total$raw_alpha))
# sxm's missing = "listwise" keeps the respondents who answered every item of every block
cs_complete <- cs[complete.cases(cs[, unlist(cs_blocks)]), ]
cat("-- omega per block on the", nrow(cs_complete), "respondents with all 22 perceptions\n")
print(sapply(cs_blocks, function(b) {
  f1 <- cfa(paste("f =~", paste(b, collapse = " + ")), data = cs_complete)
  unclass(compRelSEM(f1))[["f"]]
}))
cs_model <- paste(sprintf("%s =~ %s", names(cs_blocks), sapply(cs_blocks, paste, collapse = " + ")), collapse = "\n")
cat("-- semTools::htmt (listwise over all items)\n"); print(unclass(htmt(cs_model, cs)))
cat("-- semTools::htmt(htmt2 = FALSE)\n"); print(unclass(htmt(cs_model, cs, htmt2 = FALSE)))
cs_fit <- cfa(cs_model, data = cs)
l <- standardizedSolution(cs_fit); l <- l[l$op == "=~", ]
cat("-- five-factor CFA (listwise): Fornell-Larcker CR and AVE\n")
print(tapply(l$est.std, l$lhs, function(x) sum(x)^2 / (sum(x)^2 + sum(1 - x^2)))[names(cs_blocks)])
print(tapply(l$est.std, l$lhs, function(x) mean(x^2))[names(cs_blocks)])
print(fitMeasures(cs_fit, c("ntotal", "chisq", "df", "cfi", "tli", "rmsea", "srmr")))
