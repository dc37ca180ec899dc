"""Calibration of multiple imputation under MAR by simulation (issue 15).

    python3 Notebooks-Scripts/calibration_imputation.py [TRIALS] [PATIENTS] [M] [ancova|mmrm|j2r|j2r-cm]
    # default 1000 200 20 ancova

Simulates TRIALS two-arm trials of PATIENTS patients x 6 weekly visits with a known treatment
effect at week 6 (-1.2, conditional on baseline), drops patients out monotonically AT RANDOM
given their last observed value (the chance to leave after a visit rises with that visit's
score; about 30 % leave), then runs

    outcomes fit "change ~ baseline + arm" --subset "week == 6" --impute mar --impute-by arm

on each (with `mmrm`: the unstructured MMRM over all visits, whose armmassage:week6 is the
change of the effect from week 1 to week 6, -1.0) and reports the coverage of the pooled 95 % interval, the bias relative to the mean
standard error, and the same for the complete-case ANCOVA (biased under this MAR dropout).

With `j2r` the same ANCOVA is fitted after jump-to-reference imputation (`--impute
jump-to-reference`, usual_care the reference; `j2r-cm`: conditional-mean imputation with jackknife
standard errors). Its estimand has a closed form: with one covariance for both arms and MAR
dropout, a massage patient who leaves after visit d is imputed at week 6 with
E[y_6 | y_<=d] - Delta, so the expected effect is pi_c * Delta, pi_c being the share of massage
patients who complete (Carpenter, Roger & Kenward 2013). The script compares the mean estimate
with the mean of pi_c * Delta over the trials.
Numbers are drawn with numpy's PCG64 from seed 20261204, so a run is reproducible.
"""
import json, os, subprocess, sys, tempfile
import numpy as np

trials = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
n = int(sys.argv[2]) if len(sys.argv) > 2 else 200
m = int(sys.argv[3]) if len(sys.argv) > 3 else 20
analysis = sys.argv[4] if len(sys.argv) > 4 else "ancova"
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
binary = os.path.join(root, ".build/release/outcomes")
truth = -0.2 * 6 + 0.2 if analysis == "mmrm" else -0.2 * 6
term = "armmassage:week6" if analysis == "mmrm" else "armmassage"
completers = []
rng = np.random.Generator(np.random.PCG64(20261204))
t = 6
sds = np.linspace(1, 1.6, t)
corr = 0.8 ** np.abs(np.subtract.outer(np.arange(t), np.arange(t)))
chol = np.linalg.cholesky(np.diag(sds) @ corr @ np.diag(sds))
covered = cc_covered = 0
estimates, ses, cc_estimates, cc_ses, dropped = [], [], [], [], []
with tempfile.TemporaryDirectory() as work:
    path = os.path.join(work, "trial.csv")
    for trial in range(trials):
        arm = np.where(np.arange(n) % 2 == 0, "massage", "usual_care")
        base = np.round(rng.normal(6, 1.5, n), 1)
        weeks = np.arange(1, t + 1)
        mu = -0.3 * base[:, None] - 0.2 * weeks[None, :] * (arm == "massage")[:, None] - 0.1 * weeks[None, :]
        y = np.round(mu + rng.standard_normal((n, t)) @ chol.T, 4)
        # MAR: after visit k (observed), leave with probability logistic(-3.2 + 0.9 * y_k).
        last = np.full(n, t)
        for i in range(n):
            for k in range(t - 1):
                if rng.uniform() < 1 / (1 + np.exp(-(-3.2 + 0.9 * (y[i, k] + 3)))):
                    last[i] = k + 1
                    break
        dropped.append(np.mean(last < t))
        completers.append(np.mean(last[arm == "massage"] == t))
        with open(path, "w") as f:
            f.write("patient_id,arm,baseline,week,change\n")
            for i in range(n):
                for k in range(last[i]):
                    f.write(f"P{i:04d},{arm[i]},{base[i]},{k + 1},{y[i, k]}\n")
        if analysis != "mmrm":
            common = [binary, "fit", "change ~ baseline + arm", path, "--subset", "week == 6"]
        else:
            common = [binary, "fit", "change ~ baseline + arm * week + us(week | patient_id)", path]
        common += ["--reference", "arm=usual_care", "--format", "json"]
        if analysis == "j2r-cm":
            impute = ["--impute", "jump-to-reference", "--impute-method", "conditional-mean"]
        else:
            impute = ["--impute", "jump-to-reference" if analysis == "j2r" else "mar", "--imputations", str(m), "--seed", str(trial + 1)]
        out = json.loads(subprocess.run(common + impute + ["--impute-by", "arm"], check=True, capture_output=True, text=True).stdout)
        c = next(c for c in out["coefficients"] if c["term"] == term)
        estimates.append(c["estimate"]); ses.append(c["std_error"])
        covered += c["conf_low"] <= (completers[-1] * truth if analysis.startswith("j2r") else truth) <= c["conf_high"]
        cc_estimates.append(c["complete_case_estimate"]); cc_ses.append(c["complete_case_std_error"])
        if not analysis.startswith("j2r"):
            cc = json.loads(subprocess.run(common, check=True, capture_output=True, text=True).stdout)
            cc_c = next(c for c in cc["coefficients"] if c["term"] == term)
            cc_covered += cc_c["conf_low"] <= truth <= cc_c["conf_high"]
mc = (0.95 * 0.05 / trials) ** 0.5
if analysis.startswith("j2r"):
    expected = np.mean(completers) * truth
    print(f"{analysis}: {trials} trials x {n} patients, m = {m}, Delta {truth:.4f}, massage completers {np.mean(completers):.1%}, dropout {np.mean(dropped):.1%} (MAR)")
    mcse = np.std(estimates) / trials ** 0.5
    print(f"J2R: mean estimate {np.mean(estimates):+.4f}, closed form pi_c * Delta {expected:+.4f}, difference "
          f"{np.mean(estimates) - expected:+.4f} = {(np.mean(estimates) - expected) / mcse:+.2f} Monte-Carlo SE ({mcse:.4f}); "
          f"{(np.mean(estimates) - expected) / np.mean(ses):+.1%} of the mean SE {np.mean(ses):.4f}; SD of estimates {np.std(estimates):.4f}; "
          f"coverage of pi_c * Delta by the 95 % intervals {covered / trials:.3f}")
    sys.exit(0)
print(f"{analysis}: {trials} trials x {n} patients, m = {m}, truth ({term}) {truth:.4f}, dropout {np.mean(dropped):.1%} (MAR)")
print(f"MI:  coverage {covered / trials:.3f} (95 % +- {1.96 * mc:.3f} Monte-Carlo), "
      f"bias {np.mean(estimates) - truth:+.4f} = {(np.mean(estimates) - truth) / np.mean(ses):+.1%} of the mean SE "
      f"(Monte-Carlo SE of the bias {np.std(estimates) / trials ** 0.5:.4f}), mean SE {np.mean(ses):.4f}, SD of estimates {np.std(estimates):.4f}")
print(f"complete cases: coverage {cc_covered / trials:.3f}, bias {np.mean(cc_estimates) - truth:+.4f} "
      f"= {(np.mean(cc_estimates) - truth) / np.mean(cc_ses):+.1%} of the mean SE")
