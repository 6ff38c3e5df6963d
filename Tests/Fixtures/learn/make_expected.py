#!/usr/bin/env python3
"""Expected numbers for Tests/Scripts/learn/*.fls, from scikit-learn and numpy.

The inputs are formulas both sides compute identically (no random numbers):
    x[i, j] = sin(0.9 i + 1.7 j) + 0.5 (j + 1) y[i] + (y[i] == 1) (j % 2),  y[i] = i % 3,  i < 30, j < 4
Run: python3 Tests/Fixtures/learn/make_expected.py   (scikit-learn 1.9, numpy 2)
"""
import numpy as np
from sklearn.discriminant_analysis import LinearDiscriminantAnalysis
from sklearn.linear_model import LogisticRegression
from sklearn.decomposition import PCA
from sklearn.preprocessing import StandardScaler

i = np.arange(30)[:, None]
j = np.arange(4)[None, :]
y = np.arange(30) % 3
x = np.sin(0.9 * i + 1.7 * j) + 0.5 * (j + 1) * y[:, None] + (y[:, None] == 1) * (j % 2)
new = np.cos(np.arange(8).reshape(2, 4)) + 1.0
np.set_printoptions(precision=4, suppress=True)

def show(name, a):
    print(f"# {name}")
    print(np.round(a, 4))

lda = LinearDiscriminantAnalysis().fit(x, y)
show("lda decision_function(new)", lda.decision_function(new))
show("lda explained_variance_ratio_", lda.explained_variance_ratio_)
t = lda.transform(new)
show("lda |transform(new)|", np.abs(t))
show("lda predict(x[:6])", lda.predict(x[:6]))

lr = LogisticRegression(C=1.0, tol=1e-10, max_iter=1000).fit(x, y)
show("logistic decision_function(new)", lr.decision_function(new))
show("logistic predict_proba(new)", lr.predict_proba(new))
lr2 = LogisticRegression(C=0.1, tol=1e-10, max_iter=1000).fit(x, y)
show("logistic C=0.1 decision_function(new)", lr2.decision_function(new))

sc = StandardScaler().fit(x)
show("standardize transform(new)", sc.transform(new))

p = PCA(n_components=2, whiten=True).fit(x)
show("pca whiten |transform(new)|", np.abs(p.transform(new)))

xn = x / np.linalg.norm(x, axis=1, keepdims=True)
q = new / np.linalg.norm(new, axis=1, keepdims=True)
s = q @ xn.T
order = np.argsort(-s, axis=1, kind="stable")[:, :5]
show("knn indices k=5", order)
show("knn scores k=5", np.take_along_axis(s, order, axis=1))
