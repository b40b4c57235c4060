# Reference values for tests/test_sem.py (sxm.sem), computed with lavaan.
# Run from the repository root:  Rscript tests/reference/sem_reference.R
# The numbers printed here are hard-coded in tests/test_sem.py.
suppressPackageStartupMessages(library(lavaan))
cat("lavaan", as.character(packageVersion("lavaan")), "\n")
options(digits = 10, width = 200)
fm <- c("npar", "chisq", "df", "pvalue", "baseline.chisq", "baseline.df", "cfi", "tli",
        "rmsea", "rmsea.ci.lower", "rmsea.ci.upper", "srmr", "logl", "unrestricted.logl",
        "aic", "bic", "ntotal")
show <- function(title, fit) {
  cat("\n====", title, "====\n")
  print(round(unclass(fitMeasures(fit, fm)), 6))
  pe <- parameterEstimates(fit, standardized = TRUE)
  print(pe[, intersect(c("lhs", "op", "rhs", "label", "est", "se", "z", "pvalue", "ci.lower",
                         "ci.upper", "std.all"), names(pe))], digits = 6)
  r2 <- lavInspect(fit, "rsquare")
  if (is.list(r2)) print(lapply(r2, round, 6)) else print(round(r2, 6))
}

# 1. Holzinger-Swineford three-factor CFA
HS <- HolzingerSwineford1939
hs_model <- "visual =~ x1 + x2 + x3
textual =~ x4 + x5 + x6
speed =~ x7 + x8 + x9"
show("HS CFA", cfa(hs_model, data = HS))

# 2. Political Democracy (Bollen) with six residual covariances
pd_model <- "ind60 =~ x1 + x2 + x3
dem60 =~ y1 + y2 + y3 + y4
dem65 =~ y5 + y6 + y7 + y8
dem60 ~ a*ind60
dem65 ~ c*ind60 + b*dem60
y1 ~~ y5
y2 ~~ y4 + y6
y3 ~~ y7
y4 ~~ y8
y6 ~~ y8
indirect := a*b
total := c + a*b"
show("PoliticalDemocracy", sem(pd_model, data = PoliticalDemocracy))

# 3. SERVQUAL five-factor CFA on cSEM's SQ data (items scored 0-100)
sq <- read.csv("../shared/reference-data/servqual_sq.csv")
sq_model <- "tan =~ a01 + a02 + a03 + a04
rel =~ a05 + a06 + a07 + a08 + a09
res =~ a10 + a11 + a12 + a13
ass =~ a14 + a15 + a16 + a17
emp =~ a18 + a19 + a20 + a21 + a22"
show("SERVQUAL CFA", cfa(sq_model, data = sq))

# 4. Observed exogenous covariates (fixed.x) and auto.cov.y between pure outcomes
cov_model <- "visual =~ x1 + x2 + x3
textual =~ x4 + x5 + x6
speed =~ x7 + x8 + x9
textual ~ visual + ageyr
speed ~ visual + ageyr + sex"
show("HS covariates", sem(cov_model, data = HS))

# 5. FIML on HS with deterministic holes (same rule in the Python test)
HSm <- HS
HSm$x1[HSm$id %% 7 == 0] <- NA
HSm$x5[HSm$id %% 5 == 1] <- NA
HSm$x9[HSm$id %% 11 == 3] <- NA
HSm$x2[HSm$id %% 13 == 2] <- NA
cat("\nrows with a hole:", sum(!complete.cases(HSm[, paste0("x", 1:9)])), "\n")
show("HS FIML", cfa(hs_model, data = HSm, missing = "ml"))
show("HS listwise", cfa(hs_model, data = HSm))

# 6. Nested comparison: HS with orthogonal factors vs oblique
fit_a <- cfa(hs_model, data = HS)
fit_b <- cfa(hs_model, data = HS, orthogonal = TRUE)
print(anova(fit_b, fit_a))

# 7. Two groups (school): configural fit, Wald test of equal visual =~ x2 loadings,
#    metric invariance (equal loadings)
mg_model <- "visual =~ x1 + c(l2a, l2b)*x2 + x3
textual =~ x4 + x5 + x6
speed =~ x7 + x8 + x9"
fit_conf <- cfa(mg_model, data = HS, group = "school")
show("HS by school, configural", fit_conf)
print(lavTestWald(fit_conf, constraints = "l2a == l2b"))
fit_metric <- cfa(hs_model, data = HS, group = "school", group.equal = "loadings")
print(round(unclass(fitMeasures(fit_metric, fm)), 6))
print(anova(fit_conf, fit_metric))
fit_scalar <- cfa(hs_model, data = HS, group = "school", group.equal = c("loadings", "intercepts"))
print(round(unclass(fitMeasures(fit_scalar, fm)), 6))

# 8. Equality constraint by a shared label, and an observed-variable path model
show("HS equal loadings", cfa("visual =~ x1 + a*x2 + a*x3
textual =~ x4 + x5 + x6
speed =~ x7 + x8 + x9", data = HS))
show("HS observed paths", sem("x3 ~ x1 + x2
x6 ~ x3 + x1
x9 ~ x3", data = HS))

# 9. FIML with a fixed observed predictor (conditional likelihood, as fixed.x)
HSx <- HS
HSx$x1[HSx$id %% 7 == 0] <- NA
HSx$x5[HSx$id %% 5 == 1] <- NA
show("HS FIML with predictor", sem("visual =~ x1 + x2 + x3
textual =~ x4 + x5 + x6
textual ~ visual + ageyr", data = HSx, missing = "ml"))

# 10. Factor variances fixed to 1 and every loading free (NA*), as std.lv = TRUE
show("HS std.lv", cfa("visual =~ NA*x1 + x2 + x3
textual =~ NA*x4 + x5 + x6
speed =~ NA*x7 + x8 + x9
visual ~~ 1*visual
textual ~~ 1*textual
speed ~~ 1*speed", data = HS))

# --- a saturated path model (df = 0): lavaan reports TLI 1, RMSEA 0 (CI 0-0) -------------
# data: x, m, y written by tests/test_sem.py::test_saturated_model_indices_as_lavaan
# (numpy default_rng(1), n = 300); here the same model on any data gives the same indices.
sat <- sem("m ~ x\n y ~ m + x", data = data.frame(x = rnorm(300), m = rnorm(300), y = rnorm(300)))
print(fitMeasures(sat, c("chisq", "df", "cfi", "tli", "rmsea", "rmsea.ci.lower", "rmsea.ci.upper", "srmr")))
#  chisq df cfi tli rmsea rmsea.ci.lower rmsea.ci.upper srmr
#      0  0   1   1     0              0              0    0

# =========================================================================================
# Robust ML, modification indices, defined parameters, single indicators (issue 13)
# =========================================================================================
fr <- c("chisq", "df", "chisq.scaled", "pvalue.scaled", "chisq.scaling.factor", "baseline.chisq",
        "baseline.chisq.scaled", "baseline.chisq.scaling.factor", "cfi", "tli", "cfi.scaled", "tli.scaled",
        "rmsea", "rmsea.scaled", "rmsea.ci.lower.scaled", "rmsea.ci.upper.scaled", "cfi.robust", "tli.robust",
        "rmsea.robust", "rmsea.ci.lower.robust", "rmsea.ci.upper.robust", "srmr", "logl", "aic", "bic", "npar")
robust <- function(title, fit) {
  cat("\n====", title, "====\n")
  v <- fitMeasures(fit, fr)
  cat(paste0("\"", sub("\\.", "_", names(v)), "\": ", sprintf("%.6f", unclass(v)), collapse = ", "), "\n")
  pe <- parameterEstimates(fit, standardized = TRUE)
  pe <- pe[pe$op != "~1", ]
  cat(sprintf("(\"%s\", \"%s\", \"%s\", %.6f, %.6f, %.6f),", pe$lhs, pe$op, pe$rhs, pe$est, pe$se, pe$std.all), sep = "\n")
}
mods <- function(title, fit, k = 10) {
  cat("\n==== modindices:", title, "====\n")
  mi <- as.data.frame(modindices(fit, sort. = TRUE))
  cat("rows:", nrow(mi), "\n")
  mi <- head(mi, k)
  cat(sprintf("(\"%s\", \"%s\", \"%s\", %.6f, %.6f, %.6f),", mi$lhs, mi$op, mi$rhs, mi$mi, mi$epc, mi$sepc.all), sep = "\n")
}

# 11. Holzinger-Swineford, MLM and MLR
robust("HS MLM", cfa(hs_model, data = HS, estimator = "MLM"))
robust("HS MLR", cfa(hs_model, data = HS, estimator = "MLR"))
# 12. Political Democracy, MLR (with the defined parameters indirect and total)
robust("PD MLR", sem(pd_model, data = PoliticalDemocracy, estimator = "MLR"))
robust("PD MLM", sem(pd_model, data = PoliticalDemocracy, estimator = "MLM"))
# 13. FIML with the holes of section 5, MLR
robust("HS FIML MLR", cfa(hs_model, data = HSm, missing = "ml", estimator = "MLR"))
# 14. observed exogenous covariates (fixed.x), MLR and MLM
robust("HS covariates MLR", sem(cov_model, data = HS, estimator = "MLR"))
robust("HS covariates MLM", sem(cov_model, data = HS, estimator = "MLM"))
# 15. simulated Likert data (python tests/reference/sem_likert.py writes the csv files)
lik_model <- "quality =~ q1 + q2 + q3 + q4
value =~ v1 + v2 + v3
satisfaction =~ s1 + s2 + s3
loyalty =~ l1 + l2 + l3
value ~ quality
satisfaction ~ quality + value
loyalty ~ satisfaction"
lik5 <- read.csv("tests/reference/likert5.csv")
lik7 <- read.csv("tests/reference/likert7.csv")
robust("likert5 FIML ML", sem(lik_model, data = lik5, missing = "ml"))
robust("likert5 FIML MLR", sem(lik_model, data = lik5, missing = "ml", estimator = "MLR"))
robust("likert5 listwise MLR", sem(lik_model, data = lik5, estimator = "MLR"))
robust("likert7 MLM", sem(lik_model, data = lik7, estimator = "MLM"))
robust("likert7 MLR", sem(lik_model, data = lik7, estimator = "MLR"))
# 16. modification indices
mods("HS", cfa(hs_model, data = HS))
mods("PD with dem65 ~ 0*ind60", sem("ind60 =~ x1 + x2 + x3
dem60 =~ y1 + y2 + y3 + y4
dem65 =~ y5 + y6 + y7 + y8
dem60 ~ ind60
dem65 ~ 0*ind60 + dem60", data = PoliticalDemocracy))
mods("likert7 without loyalty ~ quality", sem(lik_model, data = lik7))
mods("HS FIML", cfa(hs_model, data = HSm, missing = "ml"))
# 17. a single-indicator construct and an observed mediator
robust("HS single indicator", sem("visual =~ x1 + x2 + x3
sp =~ x7
textual =~ x4 + x5 + x6
textual ~ sp + visual", data = HS, estimator = "MLR"))
robust("HS observed mediator", sem("visual =~ x1 + x2 + x3
textual =~ x4 + x5 + x6
x7 ~ a*visual
textual ~ b*x7 + c*visual
ind := a*b
total := c + a*b", data = HS))
# 18. two groups, MLR
robust("HS by school MLR", cfa(hs_model, data = HS, group = "school", estimator = "MLR"))
# 19. scaled chi-square difference (Satorra-Bentler 2001) of nested MLM fits
print(anova(cfa(hs_model, data = HS, estimator = "MLM", orthogonal = TRUE), cfa(hs_model, data = HS, estimator = "MLM")))
print(anova(cfa(hs_model, data = HS, estimator = "MLR", orthogonal = TRUE), cfa(hs_model, data = HS, estimator = "MLR")))
# 20. FIML with a fixed observed predictor, MLR (the predictor's block and mean are not parameters)
robust("HS FIML MLR with predictor", sem("visual =~ x1 + x2 + x3
textual =~ x4 + x5 + x6
textual ~ visual + ageyr", data = HSx, missing = "ml", estimator = "MLR"))
