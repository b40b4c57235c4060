# Reference values for tests/test_ordinal.py and tests/test_wlsmv.py (sxm.ordinal, sxm.sem WLSMV),
# computed with lavaan 0.6-14 and semTools 0.5-6.
# Run from the repository root:  Rscript tests/reference/ordinal_reference.R
# The data are the CSV files written by tests/reference/ordinal_data.py (committed), and the
# bundled data/car_rental_servqual.csv. The numbers printed here are hard-coded in the tests.
suppressPackageStartupMessages({library(lavaan); library(semTools)})
cat("lavaan", as.character(packageVersion("lavaan")), " semTools", as.character(packageVersion("semTools")), "\n")
options(width = 200)

num <- function(x, digits = 8) paste(sprintf(paste0("%.", digits, "f"), x), collapse = ", ")
vec <- function(name, x, digits = 8) cat(name, " = [", num(x, digits), "]\n", sep = "")
lower <- function(name, m) vec(name, m[lower.tri(m)])  # column by column, as lavaan's vech

fm <- c("npar", "chisq", "df", "pvalue", "chisq.scaled", "pvalue.scaled", "chisq.scaling.factor",
        "baseline.chisq", "baseline.df", "baseline.chisq.scaled", "baseline.chisq.scaling.factor",
        "cfi", "tli", "cfi.scaled", "tli.scaled", "cfi.robust", "tli.robust",
        "rmsea", "rmsea.ci.lower", "rmsea.ci.upper", "rmsea.scaled", "rmsea.ci.lower.scaled",
        "rmsea.ci.upper.scaled", "rmsea.robust", "rmsea.ci.lower.robust", "rmsea.ci.upper.robust", "srmr")
show <- function(title, fit) {
  cat("\n====", title, "====\n")
  f <- fitMeasures(fit, fm)
  cat("FIT = {", paste(sprintf('"%s": %.8f', names(f), f), collapse = ", "), "}\n")
  cat("SHIFT =", sprintf("%.8f", fit@test[[2]]$shift.parameter), "\n")
  pe <- parameterEstimates(fit, standardized = TRUE)
  pe <- pe[pe$op %in% c("=~", "~", "~~", "|", ":="), ]
  cat("EST = [\n")
  for (i in seq_len(nrow(pe))) {
    cat(sprintf('    ("%s", "%s", "%s", %.8f, %.8f, %.8f),\n', pe$lhs[i], pe$op[i], pe$rhs[i], pe$est[i], pe$se[i],
                ifelse(is.na(pe$std.all[i]), NaN, pe$std.all[i])))
  }
  cat("]\n")
}

# ---------------------------------------------------------------------------------------
# 1. thresholds and polychoric correlations (lavCor)
# ---------------------------------------------------------------------------------------
hs <- read.csv("tests/reference/ordinal_hs.csv")
l5 <- read.csv("tests/reference/ordinal_likert5.csv")
l7 <- read.csv("tests/reference/ordinal_likert7.csv")
for (nm in c("hs", "l5", "l7")) {
  d <- get(nm)
  cat("\n==== lavCor", nm, "====\n")
  r <- lavCor(d, ordered = names(d))
  lower(paste0("POLY_", toupper(nm)), unclass(r))
  vec(paste0("TH_", toupper(nm)), lavCor(d, ordered = names(d), output = "th"))
}

# pairwise deletion: likert5 with answers deleted by a fixed rule (respondent r loses item
# j when (7 * r + 3 * j) %% 23 == 0, r and j counted from 1)
l5m <- l5
for (j in seq_along(l5m)) l5m[((7 * seq_len(nrow(l5m)) + 3 * j) %% 23) == 0, j] <- NA
cat("\n==== lavCor likert5 pairwise ====\n")
lower("POLY_L5_PAIRWISE", unclass(lavCor(l5m, ordered = names(l5m), missing = "pairwise")))
cat("\n==== lavCor likert5 listwise ====\n")
lower("POLY_L5_LISTWISE", unclass(lavCor(l5m, ordered = names(l5m))))

# tetrachoric: HS items dichotomized at category 3 (y >= 3); x1 x x2 x x9 with one zero cell
# made by moving the respondents of one cell (rule in the test)
hsb <- as.data.frame(lapply(hs[, c("x1", "x4", "x7", "x9")], function(v) as.integer(v >= 3)))
cat("\n==== tetrachoric ====\n")
lower("TETRA", unclass(lavCor(hsb, ordered = names(hsb))))
z <- hsb[, c("x1", "x4")]
z$x4[z$x1 == 1 & z$x4 == 0] <- 1  # empty cell (x1 = 1, x4 = 0)
cat("TETRA_ZERO_CELL =", sprintf("%.8f", lavCor(z, ordered = names(z))[1, 2]), "\n")

# ---------------------------------------------------------------------------------------
# 2. Gamma (NACOV) of a one-factor WLSMV fit of the ordinal HS items
# ---------------------------------------------------------------------------------------
g1 <- cfa(paste("f =~", paste(names(hs), collapse = " + ")), data = hs, ordered = TRUE, estimator = "WLSMV")
G <- lavInspect(g1, "gamma")
cat("\n==== Gamma HS ====\n")
vec("GAMMA_HS_DIAG", diag(G))
vec("GAMMA_HS_ROW40", G[40, ])  # the row of the correlation x7 ~~ x2 (lavaan's order)

# ---------------------------------------------------------------------------------------
# 3. WLSMV fits
# ---------------------------------------------------------------------------------------
hs_model <- "visual =~ x1 + x2 + x3\ntextual =~ x4 + x5 + x6\nspeed =~ x7 + x8 + x9"
fit_hs <- cfa(hs_model, data = hs, ordered = TRUE, estimator = "WLSMV")
show("HS ordinal CFA", fit_hs)

l5_model <- "service =~ sv1 + sv2 + sv3 + sv4\nvalue =~ va1 + va2 + va3 + va4\nloyalty =~ lo1 + lo2 + lo3 + lo4"
fit_l5 <- cfa(l5_model, data = l5, ordered = TRUE, estimator = "WLSMV")
show("likert5 CFA", fit_l5)

l7_model <- "quality =~ q1 + q2 + q3 + q4
value =~ v1 + v2 + v3
satisfaction =~ s1 + s2 + s3
loyalty =~ l1 + l2 + l3
value ~ a*quality
satisfaction ~ quality + b*value
loyalty ~ satisfaction
ind := a*b"
fit_l7 <- sem(l7_model, data = l7, ordered = TRUE, estimator = "WLSMV")
show("likert7 SEM", fit_l7)

# equal thresholds of the first three HS items (labels) and a fixed threshold
hs_th_model <- paste(hs_model, "x1 | a*t1 + b*t2 + c*t3", "x2 | a*t1 + b*t2 + c*t3",
                     "x3 | a*t1 + b*t2 + c*t3", "x9 | 0*t2", sep = "\n")
fit_hs_th <- cfa(hs_th_model, data = hs, ordered = TRUE, estimator = "WLSMV")
show("HS ordinal CFA, equal thresholds x1-x3, x9|t2 = 0", fit_hs_th)

# a correlated residual
fit_hs_cov <- cfa(paste(hs_model, "x7 ~~ x8", sep = "\n"), data = hs, ordered = TRUE, estimator = "WLSMV")
show("HS ordinal CFA with x7 ~~ x8", fit_hs_cov)

# an observed ordinal outcome (its residual variance is in Psi: 1 minus the explained variance)
fit_hs_y <- sem("visual =~ x1 + x2 + x3\ntextual =~ x4 + x5 + x6\nx9 ~ visual + textual", data = hs,
                ordered = TRUE, estimator = "WLSMV")
show("HS ordinal, observed outcome x9", fit_hs_y)

# the bundled car-rental SERVQUAL perceptions (7 points), five dimensions, listwise deletion
cr <- read.csv("data/car_rental_servqual.csv")
cr_model <- "tangibles =~ P1 + P2 + P3 + P4
reliability =~ P5 + P6 + P7 + P8 + P9
responsiveness =~ P10 + P11 + P12 + P13
assurance =~ P14 + P15 + P16 + P17
empathy =~ P18 + P19 + P20 + P21 + P22"
fit_cr <- cfa(cr_model, data = cr, ordered = TRUE, estimator = "WLSMV")
cat("\nN used:", lavInspect(fit_cr, "nobs"), "\n")
show("car_rental_servqual perceptions CFA", fit_cr)

# modification indices of WLSMV fits (the DWLS score test)
for (nm in c("fit_hs", "fit_l7")) {
  cat("\n==== modindices", nm, "====\n")
  m <- modindices(get(nm), sort. = TRUE)[1:8, ]
  cat("MI = [\n")
  for (i in seq_len(nrow(m))) cat(sprintf('    ("%s", "%s", "%s", %.6f, %.6f, %.6f),\n', m$lhs[i], m$op[i], m$rhs[i],
                                          m$mi[i], m$epc[i], m$sepc.all[i]))
  cat("]\n")
}

# ---------------------------------------------------------------------------------------
# 4. categorical reliability (semTools)
# ---------------------------------------------------------------------------------------
for (nm in c("fit_hs", "fit_l5", "fit_cr")) {
  f <- get(nm)
  cat("\n==== compRelSEM", nm, "====\n")
  om <- compRelSEM(f, ord.scale = TRUE)       # Green & Yang's categorical omega
  al <- compRelSEM(f, tau.eq = TRUE, ord.scale = FALSE)  # ordinal alpha (polychorics)
  omlat <- compRelSEM(f, ord.scale = FALSE)   # omega of the latent responses
  ave <- AVE(f)
  cat("OMEGA_CAT = {", paste(sprintf('"%s": %.8f', names(om), om), collapse = ", "), "}\n")
  cat("ALPHA_ORD = {", paste(sprintf('"%s": %.8f', names(al), al), collapse = ", "), "}\n")
  cat("OMEGA_LATENT = {", paste(sprintf('"%s": %.8f', names(omlat), omlat), collapse = ", "), "}\n")
  cat("AVE = {", paste(sprintf('"%s": %.8f', names(ave), ave), collapse = ", "), "}\n")
}

# ---------------------------------------------------------------------------------------
# 5. empty category after listwise deletion: lavaan's error
# ---------------------------------------------------------------------------------------
e <- hs
e$x2[e$x1 == 1] <- NA  # every respondent with x1 = 1 loses x2
e$x1[e$x1 == 1 & seq_len(nrow(e)) %% 2 == 0] <- 2
cat("\n==== empty category ====\n")
print(try(cfa(hs_model, data = e, ordered = TRUE, estimator = "WLSMV"), silent = TRUE))
