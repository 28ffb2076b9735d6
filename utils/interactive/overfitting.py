"""Underfitting and overfitting, explored: polynomial models refitted as the learner changes them.

The tool of the labs "Overfitting" and "Regularization" (course 1, week 3). One explorer,
:class:`OverfitExplorer`, fits a polynomial model of a chosen degree to

- **regression**: the dozen noisy points of ``utils.data.make_curve``, by regularized least
  squares in closed form;
- **classification**: the 118 chips of ``utils.data.make_microchips``, by regularized logistic
  regression (scikit-learn) on all the monomials of the two scores up to the degree.

The learner picks the degree, adds examples by clicking (classification: of the class chosen with
a toggle), and, with ``lambda_control=True``, the regularization strength lambda on a logarithmic
slider. Every change refits at once. :class:`PolynomialModel` is the model behind the explorer,
also used directly by the labs (for example for train and test errors).

Both models minimise the course's regularized cost on z-scored polynomial features:

    regression:      J = 1/(2m) sum (f(x_i) - y_i)^2        + lambda/(2m) sum_j w_j^2
    classification:  J = 1/m sum loss(f(x_i), y_i)          + lambda/(2m) sum_j w_j^2

with b never regularized. The first is scikit-learn's ``Ridge(alpha=lambda)`` (both sides times
2m); the second is ``LogisticRegression(C=1/lambda)`` (both sides times m/lambda).
"""

from __future__ import annotations

import ipywidgets as widgets
import numpy as np
from scipy.special import expit
from sklearn.linear_model import LogisticRegression
from threadpoolctl import threadpool_limits

from utils import data
from utils.interactive.base import Explorer, new_figure, row
from utils.plotting import COLORS

KINDS = ("regression", "classification")
# The lambda slider's stops, evenly spaced in log10(lambda) from 1e-8 to 100, and 0.
LAMBDAS: tuple[tuple[str, float], ...] = (("0", 0.0),) + tuple(
    (f"{10.0**k:g}", 10.0**k) for k in range(-8, 3)
)
# Logistic regression on separable data has no minimum without a penalty (the weights grow
# forever), and a degree of 4 or more separates the microchips: classification fits never use
# less than this lambda.
MIN_LOGISTIC_LAMBDA = 1e-4
MAX_DEGREE = 10
X_LIMITS = {"regression": (-0.05, 1.05), "classification": (-1.0, 1.2)}
Y_LIMITS = {"regression": (-0.4, 1.6), "classification": (-1.0, 1.2)}
GRID_POINTS = 150


def poly_features(x: np.ndarray, degree: int) -> np.ndarray:
    """The powers x, x^2, ..., x^degree of one input.

    Args:
        x: inputs, shape (m,).
        degree: the highest power, at least 1.

    Returns:
        Features, shape (m, degree).
    """
    x = np.asarray(x, dtype=float)
    return np.column_stack([x**k for k in range(1, degree + 1)])


def map_features(X: np.ndarray, degree: int) -> np.ndarray:
    """All the monomials x1^(k-j) x2^j of two inputs with 1 <= k <= degree, 0 <= j <= k.

    Args:
        X: inputs, shape (m, 2).
        degree: the highest total power, at least 1.

    Returns:
        Features, shape (m, degree (degree + 3) / 2), in the order x1, x2, x1^2, x1 x2, x2^2,
        x1^3, ...
    """
    x1, x2 = np.asarray(X, dtype=float).T
    return np.column_stack(
        [x1 ** (k - j) * x2**j for k in range(1, degree + 1) for j in range(k + 1)]
    )


def fit_linear(Z: np.ndarray, y: np.ndarray, lambda_: float) -> tuple[np.ndarray, float]:
    """Regularized least squares in closed form: the (w, b) of lowest squared-error cost.

    Minimises ``sum (Z w + b - y)^2 + lambda_ ||w||^2`` (2m times the course's cost) as the least
    squares problem of the rows ``[Z, 1]`` stacked on ``[sqrt(lambda_) I, 0]``, which
    ``np.linalg.lstsq`` solves stably even when the features are nearly collinear.

    Args:
        Z: features, shape (m, n).
        y: targets, shape (m,).
        lambda_: the regularization strength, >= 0.

    Returns:
        (w, b): w of shape (n,), b a float.
    """
    m, n = Z.shape
    A = np.vstack(
        [
            np.column_stack([Z, np.ones(m)]),
            np.column_stack([np.sqrt(lambda_) * np.eye(n), np.zeros(n)]),
        ]
    )
    theta = np.linalg.lstsq(A, np.concatenate([y, np.zeros(n)]), rcond=None)[0]
    return theta[:n], float(theta[n])


def fit_logistic(Z: np.ndarray, y: np.ndarray, lambda_: float) -> tuple[np.ndarray, float]:
    """Regularized logistic regression: scikit-learn's ``LogisticRegression(C=1/lambda)``.

    Args:
        Z: features, shape (m, n).
        y: labels 0 or 1 (both present), shape (m,).
        lambda_: the regularization strength; values below ``MIN_LOGISTIC_LAMBDA`` use it.

    Returns:
        (w, b): w of shape (n,), b a float.
    """
    lam = max(lambda_, MIN_LOGISTIC_LAMBDA)
    # One BLAS thread: on problems this small, threads only wait for each other (a refit
    # takes 0.1 s instead of seconds on a busy machine).
    with threadpool_limits(limits=1):
        model = LogisticRegression(C=1.0 / lam, tol=1e-8, max_iter=10_000).fit(Z, y)
    return model.coef_[0], float(model.intercept_[0])


class PolynomialModel:
    """Polynomial features, z-scored with the training set, then a (regularized) linear model.

    Attributes:
        kind: "regression" (least squares) or "classification" (logistic regression).
        degree: the polynomial degree.
        lambda_: the regularization strength (classification uses at least
            ``MIN_LOGISTIC_LAMBDA``).
        mu, sigma: mean and standard deviation of each raw feature on the training set, (n,).
        w, b: the fitted parameters, on the z-scored features; w has shape (n,).
    """

    def __init__(self, kind: str, degree: int, lambda_: float = 0.0) -> None:
        """Set the model up, unfitted.

        Args:
            kind: one of ``KINDS``.
            degree: the polynomial degree, at least 1.
            lambda_: the regularization strength, >= 0.
        """
        if kind not in KINDS:
            raise ValueError(f"kind must be one of {KINDS}, not {kind!r}")
        self.kind, self.degree, self.lambda_ = kind, int(degree), float(lambda_)

    def features(self, X: np.ndarray) -> np.ndarray:
        """The raw polynomial features of the inputs (not scaled).

        Args:
            X: inputs, shape (m,) for regression, (m, 2) for classification.

        Returns:
            Features, shape (m, n).
        """
        if self.kind == "regression":
            return poly_features(X, self.degree)
        return map_features(X, self.degree)

    def fit(self, X: np.ndarray, y: np.ndarray) -> PolynomialModel:
        """Fit on the examples (X, y).

        Args:
            X: inputs, shape (m,) for regression, (m, 2) for classification.
            y: targets, shape (m,); labels 0 or 1 for classification.

        Returns:
            The model itself, fitted.
        """
        P = self.features(X)
        self.mu, self.sigma = P.mean(axis=0), P.std(axis=0)
        fit = fit_linear if self.kind == "regression" else fit_logistic
        self.w, self.b = fit(self.scale(P), np.asarray(y, dtype=float), self.lambda_)
        return self

    def scale(self, P: np.ndarray) -> np.ndarray:
        """Z-score raw features with the training set's mean and standard deviation.

        Args:
            P: raw features, shape (k, n).

        Returns:
            Scaled features, shape (k, n).
        """
        return (P - self.mu) / self.sigma

    def decision(self, X: np.ndarray) -> np.ndarray:
        """The linear part z = w . z-scored features + b.

        Args:
            X: inputs, shape (k,) or (k, 2).

        Returns:
            z, shape (k,): the prediction (regression) or the logit (classification).
        """
        return self.scale(self.features(X)) @ self.w + self.b

    def predict(self, X: np.ndarray) -> np.ndarray:
        """Predicted values (regression) or classes 0/1, 1 where f >= 0.5 (classification).

        Args:
            X: inputs, shape (k,) or (k, 2).

        Returns:
            Predictions, shape (k,).
        """
        z = self.decision(X)
        return z if self.kind == "regression" else (z >= 0).astype(float)

    def error(self, X: np.ndarray, y: np.ndarray) -> float:
        """Regression: the squared-error cost 1/(2m) sum (f - y)^2; classification: the fraction
        of examples misclassified. Neither includes the regularization term.

        Args:
            X: inputs, shape (m,) or (m, 2).
            y: targets, shape (m,).

        Returns:
            The error.
        """
        if self.kind == "regression":
            return float(np.mean((self.predict(X) - y) ** 2) / 2)
        return float(np.mean(self.predict(X) != y))


def _dataset(kind: str) -> tuple[np.ndarray, np.ndarray]:
    return data.make_curve() if kind == "regression" else data.make_microchips()


class OverfitExplorer(Explorer):
    """Choose the degree (and lambda), add examples by clicking, and watch the fit change.

    Attributes:
        kind: "regression" or "classification", the data set shown.
        degree, lambda_: the model's settings.
        X, y: the examples of the current kind, (m,) or (m, 2) and (m,); clicks add to them.
        model: the :class:`PolynomialModel` fitted to them.
        kind_toggle, label_toggle, degree_slider, lambda_slider, reset_button: the widgets
            (``lambda_slider`` is None without ``lambda_control``).
        curve: regression, the fitted curve (a Line2D); ``examples`` the scatter of the points.
        ones, zeros, background, boundary: classification, the scatters of each class, the
            image of f(x) and the contour f(x) = 0.5.
    """

    def __init__(
        self,
        kind: str = "regression",
        *,
        degree: int = 1,
        lambda_control: bool = False,
        lambda_: float = 0.0,
    ) -> None:
        """Fit and draw the starting model.

        Args:
            kind: "regression" or "classification", the data set shown first.
            degree: the polynomial degree, 1 to ``MAX_DEGREE``.
            lambda_control: show a slider over lambda (the stops of ``LAMBDAS``).
            lambda_: the regularization strength; with ``lambda_control`` one of the stops.
        """
        self.kind, self.degree, self.lambda_ = kind, degree, float(lambda_)
        self.datasets = {k: _dataset(k) for k in KINDS}
        self.kind_toggle = widgets.ToggleButtons(options=KINDS, value=kind)
        self.label_toggle = widgets.ToggleButtons(
            options=[("click adds y = 1", 1.0), ("click adds y = 0", 0.0)], value=1.0
        )
        self.degree_slider = widgets.IntSlider(
            value=degree, min=1, max=MAX_DEGREE, description="degree"
        )
        self.reset_button = widgets.Button(description="Reset the data")
        self.lambda_slider = None
        sliders: list[widgets.Widget] = [self.degree_slider]
        if lambda_control:
            self.lambda_slider = widgets.SelectionSlider(
                options=LAMBDAS, value=self.lambda_, description="λ"
            )
            self.lambda_slider.observe(self._on_lambda, names="value")
            sliders.append(self.lambda_slider)
        self.kind_toggle.observe(self._on_kind, names="value")
        self.degree_slider.observe(self._on_degree, names="value")
        self.reset_button.on_click(lambda _button: self.reset())
        self.controls = [
            widgets.VBox(
                [
                    row([self.kind_toggle, self.reset_button]),
                    row([*sliders, self.label_toggle]),
                ]
            )
        ]

        self.fig, self.ax = new_figure("medium")
        self.on_click(self.ax, self.add_point)
        self._build()
        self.refit()

    @property
    def X(self) -> np.ndarray:
        """The inputs of the current kind, shape (m,) or (m, 2)."""
        return self.datasets[self.kind][0]

    @property
    def y(self) -> np.ndarray:
        """The targets of the current kind, shape (m,)."""
        return self.datasets[self.kind][1]

    def weights_norm(self) -> float:
        """The length ||w|| of the fitted weights (b excluded): what regularization shrinks."""
        return float(np.linalg.norm(self.model.w))

    def _on_kind(self, change: dict) -> None:
        self.kind = change["new"]
        self._build()
        self.refit()

    def _on_degree(self, change: dict) -> None:
        self.degree = change["new"]
        self.refit()

    def _on_lambda(self, change: dict) -> None:
        self.lambda_ = float(change["new"])
        self.refit()

    def add_point(self, u: float, v: float) -> None:
        """Add an example where the learner clicked, then refit.

        Args:
            u, v: the click. Regression: the example (x, y) = (u, v). Classification: the scores
                (u, v), labelled with the class chosen by ``label_toggle``.
        """
        X, y = self.datasets[self.kind]
        if self.kind == "regression":
            self.datasets[self.kind] = (np.append(X, u), np.append(y, v))
        else:
            self.datasets[self.kind] = (
                np.vstack([X, [u, v]]),
                np.append(y, self.label_toggle.value),
            )
        self.refit()

    def reset(self) -> None:
        """Forget the added examples of the current kind and refit."""
        self.datasets[self.kind] = _dataset(self.kind)
        self.refit()

    def _build(self) -> None:
        ax = self.ax
        ax.cla()
        ax.set_xlim(*X_LIMITS[self.kind])
        ax.set_ylim(*Y_LIMITS[self.kind])
        self.curve = self.examples = self.ones = self.zeros = None
        self.background = self.boundary = None
        self.label_toggle.disabled = self.kind == "regression"
        if self.kind == "regression":
            self.grid = np.linspace(*X_LIMITS["regression"], 400)
            self.examples = ax.scatter(
                [], [], marker="x", color=COLORS.data, zorder=3, label="training examples"
            )
            (self.curve,) = ax.plot([], [], color=COLORS.model, label="fitted polynomial")
            ax.set_xlabel("x")
            ax.set_ylabel("y")
        else:
            u = np.linspace(*X_LIMITS["classification"], GRID_POINTS)
            v = np.linspace(*Y_LIMITS["classification"], GRID_POINTS)
            self.grid_u, self.grid_v = np.meshgrid(u, v)
            extent = (*X_LIMITS["classification"], *Y_LIMITS["classification"])
            self.background = ax.imshow(
                np.zeros_like(self.grid_u),
                extent=extent,
                origin="lower",
                cmap="RdBu_r",
                vmin=0.0,
                vmax=1.0,
                alpha=0.3,
                aspect="auto",
                zorder=0,
            )
            self.ones = ax.scatter(
                [], [], marker="x", color=COLORS.positive, zorder=3, label="accepted (y = 1)"
            )
            self.zeros = ax.scatter(
                [],
                [],
                marker="o",
                facecolors="none",
                zorder=3,
                edgecolors=COLORS.negative,
                label="rejected (y = 0)",
            )
            ax.set_xlabel("test 1 score")
            ax.set_ylabel("test 2 score")
        ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0))

    def refit(self) -> None:
        """Fit the model to the current examples and redraw."""
        self.model = PolynomialModel(self.kind, self.degree, self.lambda_).fit(self.X, self.y)
        if self.kind == "regression":
            self.examples.set_offsets(np.column_stack([self.X, self.y]))
            self.curve.set_data(self.grid, self.model.predict(self.grid))
            score = f"train cost J = {self.model.error(self.X, self.y):.4f}"
        else:
            self._draw_classes()
            score = f"train error {100 * self.model.error(self.X, self.y):.1f} %"
        lam = self.lambda_
        if self.kind == "classification" and lam < MIN_LOGISTIC_LAMBDA:
            lam = MIN_LOGISTIC_LAMBDA
        self.ax.set_title(
            f"degree {self.degree}, λ = {lam:g}: {score}, ‖w‖ = {self.weights_norm():.3g}",
            fontsize=10,
        )
        self.redraw()

    def _draw_classes(self) -> None:
        ones = self.y == 1
        self.ones.set_offsets(self.X[ones].reshape(-1, 2))
        self.zeros.set_offsets(self.X[~ones].reshape(-1, 2))
        points = np.column_stack([self.grid_u.ravel(), self.grid_v.ravel()])
        z = self.model.decision(points).reshape(self.grid_u.shape)
        self.background.set_data(expit(z))
        if self.boundary is not None:
            self.boundary.remove()
            self.boundary = None
        if z.min() < 0.0 < z.max():  # else no boundary inside the window
            self.boundary = self.ax.contour(
                self.grid_u, self.grid_v, z, levels=[0.0], colors=COLORS.boundary, linewidths=2
            )
