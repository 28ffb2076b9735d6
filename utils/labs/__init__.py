"""Libraries of single labs: what one lab's notebook needs beyond the course-wide packages.

- ``mdp``: the Mars rover's Markov decision process (course 3, week 3, optional lab).
- ``rl``: the replay buffer, epsilon-greedy actions and plots of the lunar lander (c3w3 graded).
- ``trees``: drawing decision trees (course 2, week 4).
- ``movie_features``: the user and movie features of content-based filtering (c3w2 graded).
- ``three_layer_net``: the 3-layer NumPy network of the initialization and regularization lab
  (c4w2 graded).
- ``diagrams``: course 3's drawn diagrams (the ratings matrix as a product, the two towers of
  content-based filtering, the agent-environment loop).
"""
