#!/usr/bin/env python3
"""Referee for two REML optima on a large cohort: evaluates the REML criterion of the random-slope
model pain_nrs ~ week * cohort + sessions_per_week + technique + (1 + week | patient_id) in x87
80-bit extended precision (numpy longdouble, ~1e-19) at two values of theta (lme4's and ours),
using the per-patient cross products and Woodbury's identity. The criterion depends on the basis
of X only through a constant, so the difference between the two values is what matters.

At a million rows both lme4's and our double-precision evaluations carry ~1e-12 relative error
(~4e-6 absolute), so their printed criteria cannot rank the two optima; this script can.
Usage:
  Notebooks-Scripts/extended_precision_reml.py cohort.csv THETA_LME4 THETA_OURS
  (each THETA as t11,t21,t22)
"""
import numpy as np, pandas as pd
import sys
d = pd.read_csv(sys.argv[1], usecols=["patient_id","cohort","technique","sessions_per_week","week","pain_nrs"])
d = d.dropna(subset=["pain_nrs","week","cohort","technique","sessions_per_week"])
L = np.longdouble
coh = pd.get_dummies(d["cohort"], drop_first=True).astype(float)
tec = pd.get_dummies(d["technique"], drop_first=True).astype(float)
w = d["week"].to_numpy(float)
cols = [np.ones(len(d)), w] + [coh[c].to_numpy() for c in coh] + [d["sessions_per_week"].to_numpy(float)] + [tec[c].to_numpy() for c in tec] + [w * coh[c].to_numpy() for c in coh]
X = np.column_stack(cols).astype(L); y = d["pain_nrs"].to_numpy(float).astype(L)
n, p = X.shape
g = pd.factorize(d["patient_id"])[0]; G = g.max() + 1
Z = np.column_stack([np.ones(n), w]).astype(L)
A = np.zeros((G,2,2), L); B = np.zeros((G,2,p), L); c = np.zeros((G,2), L)
for a in range(2):
    np.add.at(c[:,a], g, Z[:,a]*y)
    for b in range(2): np.add.at(A[:,a,b], g, Z[:,a]*Z[:,b])
    for j in range(p): np.add.at(B[:,a,j], g, Z[:,a]*X[:,j])
XtX = X.T @ X; Xty = X.T @ y; yty = y @ y
def solve(M, v):
    M = [list(r) for r in M]; v = list(v); m = len(v)
    for i in range(m):
        for k in range(i+1, m):
            f = M[k][i] / M[i][i]
            for j in range(i, m): M[k][j] -= f * M[i][j]
            v[k] -= f * v[i]
    x = [L(0)]*m
    for i in reversed(range(m)):
        x[i] = (v[i] - sum(M[i][j]*x[j] for j in range(i+1, m))) / M[i][i]
    det = L(1)
    for i in range(m): det *= M[i][i]
    return x, det
def dev(th):
    t11, t21, t22 = [L(v) for v in th]
    T = np.array([[t11, 0], [t21, t22]], L)
    Q = np.einsum('ba,gbc,cd->gad', T, A, T); Q[:,0,0] += 1; Q[:,1,1] += 1
    det = Q[:,0,0]*Q[:,1,1] - Q[:,0,1]*Q[:,1,0]
    Qi = np.empty_like(Q); Qi[:,0,0] = Q[:,1,1]/det; Qi[:,1,1] = Q[:,0,0]/det; Qi[:,0,1] = -Q[:,0,1]/det; Qi[:,1,0] = -Q[:,1,0]/det
    M = np.einsum('ab,gbc,dc->gad', T, Qi, T)
    ld = np.sum(np.log(det))
    XtVX = XtX - np.einsum('gaj,gab,gbk->jk', B, M, B)
    rhs = Xty - np.einsum('gaj,gab,gb->j', B, M, c)
    yy = yty - np.einsum('ga,gab,gb->', c, M, c)
    x, detX = solve(XtVX, rhs)
    r2 = yy - sum(rhs[i]*x[i] for i in range(p))
    df = L(n - p)
    return ld + np.log(detX) + df * (1 + np.log(2*L(np.pi)*r2/df))
R = [float(v) for v in sys.argv[2].split(",")]
O = [float(v) for v in sys.argv[3].split(",")]
dr, do = dev(R), dev(O)
print("REML criterion (80-bit, up to a basis constant) at lme4's theta:", dr)
print("REML criterion (80-bit, up to a basis constant) at our theta:   ", do)
print("ours minus lme4's:", do - dr)
